import { Migration } from '@mikro-orm/migrations';

/**
 * Searches by status change time ("changed since", how ERPs synchronise) read a range of a structure's
 * entries instead of every invoice of the structure (architecture D24, docs/benchmarks/archive-2026.md).
 */
export class Migration20261206194540_status_changed_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "invoice_recipient_status_changed_idx" on "invoice" ("recipient_structure_id", "status_changed_at") where "submitted_at" is not null;`);
    this.addSql(`create index "invoice_supplier_status_changed_idx" on "invoice" ("supplier_structure_id", "status_changed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_recipient_status_changed_idx";`);
    this.addSql(`drop index "invoice_supplier_status_changed_idx";`);
  }

}
