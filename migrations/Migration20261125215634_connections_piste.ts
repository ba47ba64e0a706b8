import { Migration } from '@mikro-orm/migrations';

export class Migration20261125215634_connections_piste extends Migration {

  override async up(): Promise<void> {
    // Numbers of flows (CPP + digits) and of technical account logins (TECH_<n>_…), drawn in the use cases.
    this.addSql(`create sequence if not exists "invoice_flow_number_seq" start 1;`);
    this.addSql(`create sequence if not exists "conn_technical_account_number_seq" start 1;`);
    this.addSql(`create table "invoice_flow" ("id" uuid not null, "flow_number" varchar(30) not null, "structure_id" uuid not null, "actor_kind" varchar(20) not null, "actor_id" uuid null, "syntax" varchar(40) not null, "file_name" varchar(255) not null, "with_signature" boolean not null, "stored_file_id" uuid not null, "state" varchar(40) not null, "deposited_at" timestamptz not null, "state_changed_at" timestamptz not null, "invoice_errors" jsonb not null, "technical_errors" jsonb not null, "invoice_ids" jsonb not null, constraint "invoice_flow_pkey" primary key ("id"));`);
    this.addSql(`alter table "invoice_flow" add constraint "invoice_flow_number_unique" unique ("flow_number");`);
    this.addSql(`create index "invoice_flow_structure_idx" on "invoice_flow" ("structure_id", "deposited_at");`);

    this.addSql(`create table "conn_oauth_client" ("id" uuid not null, "client_id" varchar(80) not null, "secret_hash" varchar(64) not null, "owner_user_id" uuid null, "name" varchar(100) not null, "api_groups" jsonb not null, "created_at" timestamptz not null, "secret_rotated_at" timestamptz not null, "revoked_at" timestamptz null, constraint "conn_oauth_client_pkey" primary key ("id"));`);
    this.addSql(`alter table "conn_oauth_client" add constraint "conn_oauth_client_client_id_unique" unique ("client_id");`);
    this.addSql(`create index "conn_oauth_client_owner_idx" on "conn_oauth_client" ("owner_user_id");`);

    this.addSql(`create table "piste_staged_attachment" ("id" uuid not null, "public_id" bigserial, "structure_id" uuid not null, "technical_account_id" uuid not null, "file_name" varchar(255) not null, "media_type" varchar(100) not null, "size" int not null, "sha256" varchar(64) not null, "content" bytea not null, "created_at" timestamptz not null, constraint "piste_staged_attachment_pkey" primary key ("id"));`);
    this.addSql(`alter table "piste_staged_attachment" add constraint "piste_staged_attachment_public_id_unique" unique ("public_id");`);
    this.addSql(`create index "piste_staged_attachment_structure_idx" on "piste_staged_attachment" ("structure_id", "created_at");`);

    this.addSql(`create table "conn_technical_account" ("id" uuid not null, "number" bigint not null, "structure_id" uuid not null, "label" varchar(60) null, "login" varchar(200) not null, "password_hash" varchar(200) not null, "password_version" int not null, "grants" jsonb not null, "active" boolean not null, "expires_at" timestamptz not null, "expiry_warning_sent_at" timestamptz null, "created_by" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deactivated_at" timestamptz null, constraint "conn_technical_account_pkey" primary key ("id"));`);
    this.addSql(`alter table "conn_technical_account" add constraint "conn_technical_account_number_unique" unique ("number");`);
    this.addSql(`alter table "conn_technical_account" add constraint "conn_technical_account_login_unique" unique ("login");`);
    this.addSql(`create index "conn_technical_account_expiry_idx" on "conn_technical_account" ("active", "expires_at");`);
    this.addSql(`create index "conn_technical_account_structure_idx" on "conn_technical_account" ("structure_id");`);

    this.addSql(`create index "invoice_deposit_flow_idx" on "invoice" ("deposit_flow_number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invoice_flow" cascade;`);

    this.addSql(`drop table if exists "conn_oauth_client" cascade;`);

    this.addSql(`drop table if exists "piste_staged_attachment" cascade;`);

    this.addSql(`drop table if exists "conn_technical_account" cascade;`);

    this.addSql(`drop index "invoice_deposit_flow_idx";`);
    this.addSql(`drop sequence if exists "invoice_flow_number_seq";`);
    this.addSql(`drop sequence if exists "conn_technical_account_number_seq";`);
  }

}
