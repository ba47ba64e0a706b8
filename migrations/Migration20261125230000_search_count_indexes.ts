import { Migration } from '@mikro-orm/migrations';

/**
 * Search counts (docs/benchmarks/archive-2026.md, "CPU per request"): with filters, the exact `count(*)` of a search
 * either AND-ed two 50 000-entry bitmaps (supplier + recipient filter, status + date range) or visited
 * the heap (recipient + status): 20–75 ms of PostgreSQL CPU. These make them index-only range scans.
 * `invoice_supplier_status_idx` is a prefix of the new supplier index and `invoice_supplier_created_idx`
 * a duplicate of `invoice_supplier_created_desc_idx`: both dropped, so a write maintains one more index
 * than before, not three.
 */
export class Migration20261125230000_search_count_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "invoice_supplier_status_date_idx" on "invoice" ("supplier_structure_id", "supplier_status", "invoice_date");`);
    this.addSql(`create index "invoice_supplier_recipient_idx" on "invoice" ("supplier_structure_id", "recipient_structure_id");`);
    this.addSql(`create index "invoice_recipient_status_date_idx" on "invoice" ("recipient_structure_id", "status", "invoice_date") where "submitted_at" is not null;`);
    this.addSql(`drop index "invoice_supplier_status_idx";`);
    // Also dropped by deposit_date_indexes (written in parallel): whichever runs second finds it gone.
    this.addSql(`drop index if exists "invoice_supplier_created_idx";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "invoice_supplier_status_idx" on "invoice" ("supplier_structure_id", "supplier_status");`);
    this.addSql(`drop index "invoice_recipient_status_date_idx";`);
    this.addSql(`drop index "invoice_supplier_recipient_idx";`);
    this.addSql(`drop index "invoice_supplier_status_date_idx";`);
  }

}
