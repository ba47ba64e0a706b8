import { Migration } from '@mikro-orm/migrations';

export class Migration20261125222654_deposit_date_indexes extends Migration {

  override async up(): Promise<void> {
    // Also dropped by search_count_indexes (written in parallel): whichever runs second finds it gone.
    this.addSql(`drop index if exists "invoice_supplier_created_idx";`);

    this.addSql(`create index "invoice_recipient_submitted_desc_idx" on "invoice" ("recipient_structure_id", "submitted_at" desc nulls last, "id" desc) where "submitted_at" is not null;`);
    this.addSql(`create index "invoice_supplier_submitted_desc_idx" on "invoice" ("supplier_structure_id", "submitted_at" desc nulls last, "id" desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_recipient_submitted_desc_idx";`);
    this.addSql(`drop index "invoice_supplier_submitted_desc_idx";`);

    this.addSql(`create index "invoice_supplier_created_idx" on "invoice" ("supplier_structure_id", "created_at");`);
  }

}
