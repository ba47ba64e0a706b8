import { Migration } from '@mikro-orm/migrations';

/**
 * A contact address is used only once verified (issue 15). `account_user.contact_email` now holds only a
 * verified address; a new one waits in `pending_contact_email` until confirmed from a CONTACT_EMAIL link,
 * which remembers the address it was sent to (`account_one_time_link.address`).
 * Existing users: a contact address equal to the login address (verified at activation) stays in use; a
 * distinct one was never verified, so it becomes pending (safe default) and mail goes to the login
 * address until its owner asks for it again (PATCH /api/v1/me) and confirms the link then e-mailed.
 */
export class Migration20261206150056_contact_email_verification extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "link_purpose" add value if not exists 'CONTACT_EMAIL' after 'PASSWORD_RESET';`);

    this.addSql(`alter table "account_one_time_link" add column "address" varchar(254) null;`);

    this.addSql(`alter table "account_user" add column "pending_contact_email" varchar(254) null;`);
    this.addSql(`update "account_user" set "pending_contact_email" = "contact_email", "contact_email" = "login_email"
      where lower("contact_email") <> lower("login_email");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account_one_time_link" drop column "address";`);

    this.addSql(`update "account_user" set "contact_email" = "pending_contact_email" where "pending_contact_email" is not null;`);
    this.addSql(`alter table "account_user" drop column "pending_contact_email";`);
  }

}
