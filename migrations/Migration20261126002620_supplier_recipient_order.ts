import { Migration } from '@mikro-orm/migrations';

/**
 * The supplier search filtered by recipient, in its default order (created_at desc): with only
 * (supplier, recipient) the planner walked the supplier's created_at index and filtered, 30 ms for a
 * supplier with 50 000 invoices of which 172 to that recipient. The wider index serves the page and,
 * by its prefix, the count it replaces (docs/benchmarks/archive-2026.md).
 */
export class Migration20261126002620_supplier_recipient_order extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "invoice_supplier_recipient_idx";`);

    this.addSql(`create index "invoice_supplier_recipient_created_idx" on "invoice" ("supplier_structure_id", "recipient_structure_id", "created_at" desc nulls last, "id" desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_supplier_recipient_created_idx";`);

    this.addSql(`create index "invoice_supplier_recipient_idx" on "invoice" ("supplier_structure_id", "recipient_structure_id");`);
  }

}
