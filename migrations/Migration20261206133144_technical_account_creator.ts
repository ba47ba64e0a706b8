import { Migration } from '@mikro-orm/migrations';

/**
 * Technical accounts follow their creator (docs/structures-and-rights.md, "Technical accounts and API
 * applications"):
 * - accounts without a recorded creator (made by the sandbox seed or before `created_by` was filled) are
 *   given the structure's principal manager at migration time, who holds every grant: nothing they could
 *   do is taken away, and someone answers for them. An account of a structure without a principal manager
 *   keeps `created_by` null and is refused at every call (the safe side).
 * - `last_used_at`: the last successful authentication, written at most once a minute per account. The
 *   row-change trigger (D13) no longer fires for an update that changes that column and nothing else, so
 *   recording a use does not evict the account from every process's cache (any other update, no-op ones
 *   included, still announces the row).
 * - `account_user`: a status change (deactivation, reactivation) or a deletion is announced on the
 *   `row_change` channel, so the cached "is the creator still active" answer is exact (CachedUserActivity).
 */
export class Migration20261206133144_technical_account_creator extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "conn_technical_account" add column "last_used_at" timestamptz null;`);
    this.addSql(`update "conn_technical_account" a set "created_by" = m."user_id"
      from "hab_membership" m
      where a."created_by" is null and m."structure_id" = a."structure_id" and m."principal" = true and m."status" = 'ACTIVE';`);

    this.addSql(`drop trigger if exists "conn_technical_account_row_change" on "conn_technical_account";`);
    this.addSql(`create trigger "conn_technical_account_row_change" after update on "conn_technical_account"
      for each row when (old."last_used_at" is not distinct from new."last_used_at"
        or (to_jsonb(old) - 'last_used_at') is distinct from (to_jsonb(new) - 'last_used_at'))
      execute function "notify_row_change"('login');`);
    this.addSql(`create trigger "conn_technical_account_row_delete" after delete on "conn_technical_account"
      for each row execute function "notify_row_change"('login');`);

    this.addSql(`create trigger "account_user_status_row_change" after update of "status" on "account_user"
      for each row when (old."status" is distinct from new."status")
      execute function "notify_row_change"('id');`);
    this.addSql(`create trigger "account_user_row_delete" after delete on "account_user"
      for each row execute function "notify_row_change"('id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "account_user_row_delete" on "account_user";`);
    this.addSql(`drop trigger if exists "account_user_status_row_change" on "account_user";`);
    this.addSql(`drop trigger if exists "conn_technical_account_row_delete" on "conn_technical_account";`);
    this.addSql(`drop trigger if exists "conn_technical_account_row_change" on "conn_technical_account";`);
    this.addSql(`create trigger "conn_technical_account_row_change" after update or delete on "conn_technical_account"
      for each row execute function "notify_row_change"('login');`);
    this.addSql(`alter table "conn_technical_account" drop column "last_used_at";`);
  }

}
