import { Migration } from '@mikro-orm/migrations';

export class Migration20261125213725_invoicing_lifecycle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "invoice" ("id" uuid not null, "public_id" bigserial, "supplier_structure_id" uuid not null, "supplier_service_id" uuid null, "billing_framework" varchar(60) not null default 'A1_FACTURE_FOURNISSEUR', "recipient_structure_id" uuid null, "recipient_service_code" varchar(100) null, "recipient_service_id" uuid null, "recipient_is_state" boolean not null default false, "number" varchar(20) null, "invoice_date" date null, "invoice_year" smallint null, "currency" varchar(3) not null default 'EUR', "type" varchar(10) not null default 'FACTURE', "engagement_number" varchar(50) null, "contract_number" varchar(50) null, "vat_regime" varchar(30) null, "payment_mode" varchar(20) null, "total_excl_tax" numeric(15,2) null, "total_vat" numeric(15,2) null, "total_incl_tax" numeric(15,2) null, "amount_due" numeric(15,2) null, "vat_breakdown" jsonb not null, "lines" jsonb not null, "bank_account_id" uuid null, "comment" text null, "deposit_mode" varchar(20) not null default 'SAISIE_WEB', "deposit_flow_number" varchar(30) null, "status" varchar(40) not null default 'BROUILLON', "supplier_status" varchar(40) not null default 'BROUILLON', "status_changed_at" timestamptz not null, "submitted_at" timestamptz null, "created_by" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "invoice_pkey" primary key ("id"));`);
    this.addSql(`alter table "invoice" add constraint "invoice_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "invoice_supplier_created_idx" on "invoice" ("supplier_structure_id", "created_at");`);
    this.addSql(`create index "invoice_number_idx" on "invoice" ("number");`);
    this.addSql(`create index "invoice_submitted_at_idx" on "invoice" ("submitted_at");`);
    this.addSql(`create index "invoice_date_idx" on "invoice" ("invoice_date");`);
    this.addSql(`create index "invoice_recipient_status_idx" on "invoice" ("recipient_structure_id", "status");`);
    this.addSql(`create index "invoice_supplier_status_idx" on "invoice" ("supplier_structure_id", "supplier_status");`);
    this.addSql(`create unique index "invoice_number_unique" on "invoice" ("supplier_structure_id", "invoice_year", "number") where "submitted_at" is not null;`);

    this.addSql(`create table "invoice_file" ("id" uuid not null, "invoice_id" uuid not null, "kind" varchar(12) not null, "file_name" varchar(255) not null, "media_type" varchar(100) not null, "size" int not null, "sha256" varchar(64) not null, "stored_file_id" uuid not null, "created_at" timestamptz not null, constraint "invoice_file_pkey" primary key ("id"));`);
    this.addSql(`create index "invoice_file_invoice_id_index" on "invoice_file" ("invoice_id");`);

    this.addSql(`create table "invoice_lifecycle" ("invoice_id" uuid not null, "supplier_structure_id" uuid not null, "supplier_service_id" uuid null, "recipient_structure_id" uuid null, "recipient_service_id" uuid null, "status" varchar(40) not null default 'BROUILLON', "supplier_status" varchar(40) not null default 'BROUILLON', "status_changed_at" timestamptz not null, "history_count" int not null default 0, "made_available_at" timestamptz null, "payment_deadline" date null, "suspended_at" timestamptz null, "rejection_acknowledged" boolean not null default false, "mandate_number" varchar(50) null, "version" int not null default 1, constraint "invoice_lifecycle_pkey" primary key ("invoice_id"));`);
    this.addSql(`create index "invoice_lifecycle_recipient_structure_id_status_index" on "invoice_lifecycle" ("recipient_structure_id", "status");`);
    this.addSql(`create index "invoice_lifecycle_supplier_structure_id_status_index" on "invoice_lifecycle" ("supplier_structure_id", "status");`);

    this.addSql(`create table "invoice_stored_file" ("id" uuid not null, "content" bytea not null, "created_at" timestamptz not null, constraint "invoice_stored_file_pkey" primary key ("id"));`);

    this.addSql(`create table "invoice_notification_opt_out" ("user_id" uuid not null, "kind" varchar(30) not null, "created_at" timestamptz not null, constraint "invoice_notification_opt_out_pkey" primary key ("user_id", "kind"));`);

    this.addSql(`create table "invoice_status_history" ("id" uuid not null, "invoice_id" uuid not null, "seq" int not null, "status" varchar(40) not null, "reform_code" smallint null, "at" timestamptz not null, "actor_kind" varchar(20) not null, "actor_id" uuid null, "structure_id" uuid null, "service_id" uuid null, "comment" text null, "mandate_number" varchar(50) null, constraint "invoice_status_history_pkey" primary key ("id"));`);
    this.addSql(`alter table "invoice_status_history" add constraint "invoice_status_history_invoice_id_seq_unique" unique ("invoice_id", "seq");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invoice" cascade;`);

    this.addSql(`drop table if exists "invoice_file" cascade;`);

    this.addSql(`drop table if exists "invoice_lifecycle" cascade;`);

    this.addSql(`drop table if exists "invoice_stored_file" cascade;`);

    this.addSql(`drop table if exists "invoice_notification_opt_out" cascade;`);

    this.addSql(`drop table if exists "invoice_status_history" cascade;`);
  }

}
