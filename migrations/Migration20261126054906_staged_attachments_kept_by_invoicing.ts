import { Migration } from '@mikro-orm/migrations';

/**
 * A file deposited through the API mode (`deposer/pdf`, `ajouter/fichier`) is kept by invoicing's file
 * store instead of a bytea of piste's own table: `soumettre` then attaches it by a copy inside the store
 * instead of reading 1 MB back (as base64) and sending it again (docs/benchmarks/archive-2026.md). Files staged before
 * this migration move into `invoice_stored_file` under the same id.
 */
export class Migration20261126054906_staged_attachments_kept_by_invoicing extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "piste_staged_attachment" add column "kept_file_id" uuid null;`);
    this.addSql(`insert into "invoice_stored_file" ("id", "content", "created_at") select "id", "content", "created_at" from "piste_staged_attachment";`);
    this.addSql(`update "piste_staged_attachment" set "kept_file_id" = "id";`);
    this.addSql(`alter table "piste_staged_attachment" alter column "kept_file_id" set not null;`);
    this.addSql(`alter table "piste_staged_attachment" drop column "content";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "piste_staged_attachment" add column "content" bytea null;`);
    this.addSql(`alter table "piste_staged_attachment" alter column "content" set storage external;`);
    this.addSql(`update "piste_staged_attachment" p set "content" = f."content" from "invoice_stored_file" f where f."id" = p."kept_file_id";`);
    this.addSql(`delete from "invoice_stored_file" f using "piste_staged_attachment" p where f."id" = p."kept_file_id";`);
    this.addSql(`alter table "piste_staged_attachment" alter column "content" set not null;`);
    this.addSql(`alter table "piste_staged_attachment" drop column "kept_file_id";`);
  }

}
