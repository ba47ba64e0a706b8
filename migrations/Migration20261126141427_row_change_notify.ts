import { Migration } from '@mikro-orm/migrations';

/**
 * Every committed change to the rows API processes cache (sessions, memberships) is announced on the
 * `row_change` channel as `<table>:<key>`, so each process drops its entry at commit (architecture D13,
 * src/shared/persistence/row-changes.ts). A trigger, not the use cases, sends it: no write path (a bulk
 * revocation, a fix run by hand in psql) can be forgotten. NOTIFY is transactional: a rolled-back change
 * announces nothing, and identical payloads of one transaction are sent once.
 *
 * Sessions are keyed by id and only updates and deletes matter (a new session was never cached);
 * memberships are cached per user, and a new one changes the user's list.
 */
export class Migration20261126141427_row_change_notify extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function "notify_row_change"() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform pg_notify('row_change', tg_table_name || ':' || (to_jsonb(old) ->> tg_argv[0])); end if;
        if tg_op <> 'DELETE' then perform pg_notify('row_change', tg_table_name || ':' || (to_jsonb(new) ->> tg_argv[0])); end if;
        return null;
      end
    $$;`);
    this.addSql(`create trigger "account_session_row_change" after update or delete on "account_session"
      for each row execute function "notify_row_change"('id');`);
    this.addSql(`create trigger "hab_membership_row_change" after insert or update or delete on "hab_membership"
      for each row execute function "notify_row_change"('user_id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "hab_membership_row_change" on "hab_membership";`);
    this.addSql(`drop trigger if exists "account_session_row_change" on "account_session";`);
    this.addSql(`drop function if exists "notify_row_change"();`);
  }

}
