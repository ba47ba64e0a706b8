import { Migration } from '@mikro-orm/migrations';

export class Migration20261125213456_organisation_habilitations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "membership_status" as enum ('ACTIVE', 'DETACHED');`);
    this.addSql(`create type "membership_request_kind" as enum ('ATTACHMENT', 'GRANTS');`);
    this.addSql(`create type "membership_request_status" as enum ('PENDING', 'APPROVED', 'REFUSED');`);
    this.addSql(`create type "structure_type" as enum ('PRIVEE', 'PUBLIQUE');`);
    this.addSql(`create table "org_bank_account" ("id" uuid not null, "structure_id" uuid not null, "name" varchar(100) not null, "account_type" varchar(4) not null, "country" varchar(2) not null, "iban" varchar(34) not null, "bic" varchar(11) null, "rib" jsonb null, "factor" jsonb null, "supporting_file_id" uuid not null, "active" boolean not null, "created_at" timestamptz not null, constraint "org_bank_account_pkey" primary key ("id"));`);
    this.addSql(`create index "org_bank_account_structure_id_index" on "org_bank_account" ("structure_id");`);

    this.addSql(`create table "hab_membership" ("id" uuid not null, "user_id" uuid not null, "structure_id" uuid not null, "service_id" uuid null, "status" "membership_status" not null, "principal" boolean not null, "grants" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "hab_membership_pkey" primary key ("id"));`);
    this.addSql(`create unique index "hab_membership_one_principal_idx" on "hab_membership" ("structure_id") where "principal" = true;`);
    this.addSql(`create index "hab_membership_structure_idx" on "hab_membership" ("structure_id", "status");`);
    this.addSql(`alter table "hab_membership" add constraint "hab_membership_user_structure_unique" unique ("user_id", "structure_id");`);

    this.addSql(`create table "hab_membership_request" ("id" uuid not null, "user_id" uuid not null, "structure_id" uuid not null, "service_id" uuid null, "kind" "membership_request_kind" not null, "requested_grants" jsonb null, "comment" varchar(1000) not null, "status" "membership_request_status" not null, "decided_by" uuid null, "decision_comment" varchar(1000) null, "decided_at" timestamptz null, "created_at" timestamptz not null, constraint "hab_membership_request_pkey" primary key ("id"));`);
    this.addSql(`create unique index "hab_membership_request_one_pending_idx" on "hab_membership_request" ("user_id", "structure_id") where "status" = 'PENDING';`);
    this.addSql(`create index "hab_membership_request_structure_idx" on "hab_membership_request" ("structure_id", "status");`);

    this.addSql(`create table "org_service" ("id" uuid not null, "public_id" bigserial, "structure_id" uuid not null, "code" varchar(100) not null, "label" varchar(200) not null, "description" varchar(1000) null, "activation_start" varchar(10) not null, "activation_end" varchar(10) null, "active" boolean not null, "engagement_required" boolean not null, "created_at" timestamptz not null, constraint "org_service_pkey" primary key ("id"));`);
    this.addSql(`alter table "org_service" add constraint "org_service_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "org_service_structure_id_index" on "org_service" ("structure_id");`);
    this.addSql(`alter table "org_service" add constraint "org_service_structure_code_unique" unique ("structure_id", "code");`);

    this.addSql(`create table "stored_file" ("id" uuid not null, "content" bytea not null, "sha256" varchar(64) not null, "size" int not null, "media_type" varchar(100) not null, "file_name" varchar(255) not null, "created_at" timestamptz not null, constraint "stored_file_pkey" primary key ("id"));`);

    this.addSql(`create table "org_structure" ("id" uuid not null, "public_id" bigserial, "identifier_type" varchar(20) not null, "identifier" varchar(80) not null, "structure_type" "structure_type" not null, "company_name" varchar(200) not null, "label" varchar(200) null, "email" varchar(254) null, "phone" varchar(30) null, "address" jsonb null, "non_diffusible" boolean not null, "rcs_number" varchar(50) null, "vat_number" varchar(30) null, "active" boolean not null, "service_code_required" boolean not null, "engagement_required" boolean not null, "service_code_or_engagement_required" boolean not null, "payment_status_not_reported" boolean not null, "can_receive_edi" boolean not null, "moa_presence" varchar(10) not null, "payment_delay_days" int not null, "created_at" timestamptz not null, "deactivated_at" timestamptz null, "version" int not null default 1, constraint "org_structure_pkey" primary key ("id"));`);
    this.addSql(`alter table "org_structure" add constraint "org_structure_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "org_structure_directory_idx" on "org_structure" ("structure_type", "active");`);
    this.addSql(`alter table "org_structure" add constraint "org_structure_identifier_unique" unique ("identifier_type", "identifier");`);

    this.addSql(`create table "org_structure_document" ("id" uuid not null, "structure_id" uuid not null, "file_id" uuid not null, "label" varchar(200) not null, "created_at" timestamptz not null, constraint "org_structure_document_pkey" primary key ("id"));`);
    this.addSql(`create index "org_structure_document_structure_id_index" on "org_structure_document" ("structure_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "org_bank_account" cascade;`);

    this.addSql(`drop table if exists "hab_membership" cascade;`);

    this.addSql(`drop table if exists "hab_membership_request" cascade;`);

    this.addSql(`drop table if exists "org_service" cascade;`);

    this.addSql(`drop table if exists "stored_file" cascade;`);

    this.addSql(`drop table if exists "org_structure" cascade;`);

    this.addSql(`drop table if exists "org_structure_document" cascade;`);

    this.addSql(`drop type "membership_status";`);
    this.addSql(`drop type "membership_request_kind";`);
    this.addSql(`drop type "membership_request_status";`);
    this.addSql(`drop type "structure_type";`);
  }

}
