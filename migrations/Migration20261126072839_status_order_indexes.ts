import { Migration } from '@mikro-orm/migrations';

/**
 * A search filtered on one status, in the default order (createdAt desc): both lists' most common filter.
 * PostgreSQL either walked the structure's whole created_at index, reading the heap to test the status
 * (a 50 000-invoice supplier, status REJETEE: 16 ms, and a rarer status reads nearly every row), or
 * fetched every match to sort it (A_RECYCLER for a recipient: 7 ms). These give the page as an ordered
 * walk of that status's entries: 0.06–0.26 ms (docs/benchmarks/archive-2026.md, 2026-11-26 day).
 */
export class Migration20261126072839_status_order_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "invoice_recipient_status_created_idx" on "invoice" ("recipient_structure_id", "status", "created_at" desc nulls last, "id" desc) where "submitted_at" is not null;`);
    this.addSql(`create index "invoice_supplier_status_created_idx" on "invoice" ("supplier_structure_id", "supplier_status", "created_at" desc nulls last, "id" desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_recipient_status_created_idx";`);
    this.addSql(`drop index "invoice_supplier_status_created_idx";`);
  }

}
