import { Migration } from '@mikro-orm/migrations';

/**
 * Engagements (issue 19): a public structure's legal commitments and what invoices consume of them
 * (docs/engagements.md). The check keeps `consumed` within the amount whatever writes the row.
 */
export class Migration20261206224500_engagements extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "engagement" ("id" uuid not null, "public_id" bigserial, "structure_id" uuid not null, "service_id" uuid null, "service_code" varchar(100) null, "number" varchar(50) not null, "type" varchar(30) not null, "notification_date" date not null, "amount" numeric(15,2) not null, "amount_excl_tax" numeric(15,2) null, "currency" varchar(3) not null, "supplier_structure_id" uuid null, "supplier_identifier" varchar(20) null, "contract_number" varchar(50) null, "label" varchar(200) null, "status" varchar(10) not null, "consumed" numeric(15,2) not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "engagement_pkey" primary key ("id"), constraint engagement_consumed_within_amount check (consumed >= 0 and consumed <= amount));`);
    this.addSql(`alter table "engagement" add constraint "engagement_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "engagement_supplier_identifier_idx" on "engagement" ("supplier_identifier");`);
    this.addSql(`create index "engagement_supplier_idx" on "engagement" ("supplier_structure_id");`);
    this.addSql(`alter table "engagement" add constraint "engagement_number_unique" unique ("structure_id", "number");`);

    this.addSql(`create table "engagement_charge" ("id" uuid not null, "engagement_id" uuid not null, "invoice_id" uuid not null, "invoice_number" varchar(40) not null, "amount" numeric(15,2) not null, "charged_at" timestamptz not null, "released_at" timestamptz null, "release_reason" varchar(20) null, constraint "engagement_charge_pkey" primary key ("id"));`);
    this.addSql(`create unique index "engagement_charge_counting_unique" on "engagement_charge" ("invoice_id") where "released_at" is null;`);
    this.addSql(`create index "engagement_charge_engagement_idx" on "engagement_charge" ("engagement_id", "charged_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "engagement" cascade;`);

    this.addSql(`drop table if exists "engagement_charge" cascade;`);
  }

}
