import { Migration } from '@mikro-orm/migrations';

export class Migration20261206132945_mfa_throttle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "account_mfa_throttle" ("user_id" uuid not null, "failures" int not null default 0, "locked_until" timestamptz null, "last_failure_at" timestamptz not null, constraint "account_mfa_throttle_pkey" primary key ("user_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "account_mfa_throttle" cascade;`);
  }

}
