import { Migration } from '@mikro-orm/migrations';

/**
 * A ticket about an invoice is for the receiver's service on that invoice (issue 15: members attached to
 * one service see only its tickets). Existing tickets take it from their invoice; the others stay null
 * (structure-level members only).
 */
export class Migration20261206133213_ticket_receiver_service extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "support_ticket" add column "receiver_service_id" uuid null;`);
    this.addSql(`update "support_ticket" t
      set "receiver_service_id" = case when i."recipient_structure_id" = t."receiver_structure_id" then i."recipient_service_id" else i."supplier_service_id" end
      from "invoice" i
      where i."id" = t."invoice_id" and t."receiver_structure_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "support_ticket" drop column "receiver_service_id";`);
  }

}
