import { Migration } from '@mikro-orm/migrations';

/**
 * OAuth clients (by id) and technical accounts (by login) join the rows processes cache (architecture D13;
 * migration row_change_notify for the channel and the trigger function): a revoked client, a deactivated
 * or re-keyed account stops working at the next call in every process.
 */
export class Migration20261126155208_connections_row_change extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create trigger "conn_oauth_client_row_change" after update or delete on "conn_oauth_client"
      for each row execute function "notify_row_change"('id');`);
    this.addSql(`create trigger "conn_technical_account_row_change" after update or delete on "conn_technical_account"
      for each row execute function "notify_row_change"('login');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "conn_technical_account_row_change" on "conn_technical_account";`);
    this.addSql(`drop trigger if exists "conn_oauth_client_row_change" on "conn_oauth_client";`);
  }

}
