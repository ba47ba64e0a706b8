import { Migration } from '@mikro-orm/migrations';

/**
 * A link remembers the password it was minted under (OneTimeLink.passwordStamp: the SHA-256 of the stored
 * argon2 hash, of '' for none): a password change kills every link minted before it. Links already out
 * are stamped with their user's current password, so they keep working until the next change.
 */
export class Migration20261206132658_one_time_link_password_stamp extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "account_one_time_link" add column "password_stamp" varchar(64) null;`);
    this.addSql(`update "account_one_time_link" l
      set "password_stamp" = encode(sha256(convert_to(coalesce(u."password_hash", ''), 'UTF8')), 'hex')
      from "account_user" u where u."id" = l."user_id";`);
    // A link whose user is gone can never be used: any stamp will do.
    this.addSql(`update "account_one_time_link" set "password_stamp" = '' where "password_stamp" is null;`);
    this.addSql(`alter table "account_one_time_link" alter column "password_stamp" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account_one_time_link" drop column "password_stamp";`);
  }

}
