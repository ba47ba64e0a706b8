import { Migration } from '@mikro-orm/migrations';

/**
 * Invoice files may be kept on disk (FILE_STORE_DIR): their row then has no content. Down fails while
 * such rows exist (their bytes are not in the database).
 */
export class Migration20261126091436_stored_files_on_disk extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "invoice_stored_file" alter column "content" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice_stored_file" alter column "content" set not null;`);
  }
}
