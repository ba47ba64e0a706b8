import { Migration } from '@mikro-orm/migrations';

export class Migration20261206221607_idempotency_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_key" ("scope" varchar(120) not null, "key" varchar(64) not null, "request_hash" varchar(64) not null, "body_hash" varchar(64) null, "status" smallint null, "body" text null, "created_at" timestamptz not null, "locked_until" timestamptz null, "expires_at" timestamptz not null, constraint "idempotency_key_pkey" primary key ("scope", "key"));`);
    this.addSql(`create index "idempotency_key_expires_at_idx" on "idempotency_key" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }

}
