import { Migration } from '@mikro-orm/migrations';

/**
 * A membership request carries no grants any more: the approver sets them, and the approval keeps what
 * it gave (`granted_grants`, listed in the requester's e-mail). `requested_grants` stays for the history
 * of older requests and is never applied.
 */
export class Migration20261206133730_membership_request_granted_grants extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "hab_membership_request" add column "granted_grants" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "hab_membership_request" drop column "granted_grants";`);
  }

}
