import { Migration } from '@mikro-orm/migrations';

/**
 * Billing mandates (habilitations, docs/billing-mandates.md) and who issued an invoice under one. The two
 * invoice columns are nullable without default (no table rewrite); the issuer index is partial, so it
 * holds only invoices issued under a mandate.
 */
export class Migration20261206220023_billing_mandates extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "billing_mandate_status" as enum ('PENDING', 'ACTIVE', 'REVOKED');`);
    this.addSql(`create table "hab_billing_mandate" ("id" uuid not null, "number" varchar(30) not null, "mandator_structure_id" uuid not null, "mandatary_structure_id" uuid not null, "status" "billing_mandate_status" not null, "initiated_by" varchar(10) not null, "start_date" date not null, "end_date" date null, "history" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "hab_billing_mandate_pkey" primary key ("id"));`);
    this.addSql(`alter table "hab_billing_mandate" add constraint "hab_billing_mandate_number_unique" unique ("number");`);
    this.addSql(`create unique index "hab_billing_mandate_one_open_idx" on "hab_billing_mandate" ("mandator_structure_id", "mandatary_structure_id") where "status" <> 'REVOKED';`);
    this.addSql(`create index "hab_billing_mandate_mandatary_idx" on "hab_billing_mandate" ("mandatary_structure_id", "status");`);
    this.addSql(`create index "hab_billing_mandate_mandator_idx" on "hab_billing_mandate" ("mandator_structure_id", "status");`);

    this.addSql(`alter table "invoice" add column "issuer_structure_id" uuid null, add column "mandate_id" uuid null;`);
    this.addSql(`create index "invoice_issuer_created_idx" on "invoice" ("issuer_structure_id", "created_at" desc nulls last, "id" desc) where "issuer_structure_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "hab_billing_mandate" cascade;`);

    this.addSql(`drop index "invoice_issuer_created_idx";`);
    this.addSql(`alter table "invoice" drop column "issuer_structure_id", drop column "mandate_id";`);

    this.addSql(`drop type "billing_mandate_status";`);
  }

}
