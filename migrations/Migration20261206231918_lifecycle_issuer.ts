import { Migration } from '@mikro-orm/migrations';

export class Migration20261206231918_lifecycle_issuer extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice_lifecycle" add column "issuer_structure_id" uuid null, add column "billing_mandate_id" uuid null;`);
    // Invoices already issued under a mandate: their lifecycle learns who issued them (the mandatary follows them).
    this.addSql(
      `update "invoice_lifecycle" l set "issuer_structure_id" = i."issuer_structure_id", "billing_mandate_id" = i."mandate_id"
         from "invoice" i where i."id" = l."invoice_id" and i."mandate_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice_lifecycle" drop column "issuer_structure_id", drop column "billing_mandate_id";`);
  }

}
