import { Migration } from '@mikro-orm/migrations';

/**
 * A file deposited through the API mode (`deposer/pdf`, `ajouter/fichier`) is attached to its invoice by
 * reference to the bytes kept at the deposit, no longer by a copy inside the store (docs/benchmarks/archive-2026.md,
 * 2026-12-06). Attaching and discarding kept files ask which invoice file names a stored key.
 */
export class Migration20261206170500_kept_files_by_reference extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "invoice_file_stored_file_id_index" on "invoice_file" ("stored_file_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_file_stored_file_id_index";`);
  }

}
