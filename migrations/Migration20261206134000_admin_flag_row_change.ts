import { Migration } from '@mikro-orm/migrations';

/**
 * The administrator flag is read with the session on every request and cached with it (architecture D5,
 * D13; src/modules/accounts/infrastructure/session-cache.ts). A committed change of a user's `is_admin`
 * is announced on the `row_change` channel as `account_user:<user id>`, so every process drops that
 * user's cached sessions at commit: a withdrawn administrator right stops working at the next request,
 * whatever wrote it (the seed, a fix in psql). Only that column matters: other user updates stay silent.
 */
export class Migration20261206134000_admin_flag_row_change extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create trigger "account_user_admin_row_change" after update of "is_admin" on "account_user"
      for each row when (old."is_admin" is distinct from new."is_admin") execute function "notify_row_change"('id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "account_user_admin_row_change" on "account_user";`);
  }

}
