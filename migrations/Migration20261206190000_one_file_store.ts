import { Migration } from '@mikro-orm/migrations';

/** The metadata tables whose bytes move into the one store (their row keeps its id as the store key). */
const CONTEXT_FILE_TABLES = ['stored_file', 'support_ticket_file'];

/**
 * One file store for every context (issue 17): structure documents, bank proofs (organisation's
 * `stored_file`) and ticket files (`support_ticket_file`) keep their metadata rows, but their bytes move
 * into the store's table (`invoice_stored_file`) under the row's own id, which becomes the row's
 * `store_key`; sha256 and size stay as they were. One transaction (the migrator's): a failure leaves
 * everything as it was. The columns that name store keys get an index for the file sweep's check.
 * Down puts the bytes back and fails if some of them were written on disk (FILE_STORE_DIR) meanwhile.
 */
export class Migration20261206190000_one_file_store extends Migration {

  override async up(): Promise<void> {
    for (const table of CONTEXT_FILE_TABLES) {
      this.addSql(`alter table "${table}" add column "store_key" uuid null;`);
      this.addSql(`insert into "invoice_stored_file" ("id", "content", "created_at") select "id", "content", "created_at" from "${table}";`);
      this.addSql(`update "${table}" set "store_key" = "id";`);
      this.addSql(`alter table "${table}" alter column "store_key" set not null;`);
      this.addSql(`alter table "${table}" add constraint "${table}_store_key_unique" unique ("store_key");`);
      this.addSql(`alter table "${table}" drop column "content";`);
    }
    this.addSql(`create index "invoice_flow_stored_file_id_index" on "invoice_flow" ("stored_file_id");`);
    this.addSql(`create index "piste_staged_attachment_kept_file_id_index" on "piste_staged_attachment" ("kept_file_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "piste_staged_attachment_kept_file_id_index";`);
    this.addSql(`drop index "invoice_flow_stored_file_id_index";`);
    for (const table of CONTEXT_FILE_TABLES) {
      this.addSql(`alter table "${table}" add column "content" bytea null;`);
      this.addSql(`alter table "${table}" alter column "content" set storage external;`);
      this.addSql(`update "${table}" t set "content" = f."content" from "invoice_stored_file" f where f."id" = t."store_key";`);
      this.addSql(`delete from "invoice_stored_file" f using "${table}" t where f."id" = t."store_key";`);
      this.addSql(`alter table "${table}" alter column "content" set not null;`);
      this.addSql(`alter table "${table}" drop constraint "${table}_store_key_unique";`);
      this.addSql(`alter table "${table}" drop column "store_key";`);
    }
  }

}
