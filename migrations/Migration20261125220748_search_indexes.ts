import { Migration } from '@mikro-orm/migrations';

export class Migration20261125220748_search_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "invoice_recipient_date_desc_idx" on "invoice" ("recipient_structure_id", "invoice_date" desc nulls last, "id" desc) where "submitted_at" is not null;`);
    this.addSql(`create index "invoice_recipient_created_desc_idx" on "invoice" ("recipient_structure_id", "created_at" desc nulls last, "id" desc) where "submitted_at" is not null;`);
    this.addSql(`create index "invoice_supplier_date_desc_idx" on "invoice" ("supplier_structure_id", "invoice_date" desc nulls last, "id" desc);`);
    this.addSql(`create index "invoice_supplier_created_desc_idx" on "invoice" ("supplier_structure_id", "created_at" desc nulls last, "id" desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_recipient_date_desc_idx";`);
    this.addSql(`drop index "invoice_recipient_created_desc_idx";`);
    this.addSql(`drop index "invoice_supplier_date_desc_idx";`);
    this.addSql(`drop index "invoice_supplier_created_desc_idx";`);
  }

}
