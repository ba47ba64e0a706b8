import { Migration } from '@mikro-orm/migrations';

/**
 * The payment deadline projected onto `invoice` (read model written by the lifecycle with the status),
 * so the overdue filter of search and export is a one-table query; filled from `invoice_lifecycle` for
 * existing invoices. Partial indexes on the invoices whose payment clock runs (the lifecycle's
 * PAYMENT_CLOCK_STATUSES), by party and deadline: docs/benchmarks/archive-2026.md, "overdue filter".
 */
export class Migration20261125232528_payment_deadline_read_model extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice" add column "payment_deadline" date null;`);
    this.addSql(`update "invoice" i set "payment_deadline" = l."payment_deadline" from "invoice_lifecycle" l where l."invoice_id" = i."id" and l."payment_deadline" is not null;`);
    this.addSql(`create index "invoice_supplier_overdue_idx" on "invoice" ("supplier_structure_id", "payment_deadline") where "status" in ('MISE_A_DISPOSITION', 'COMPLETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE');`);
    this.addSql(`create index "invoice_recipient_overdue_idx" on "invoice" ("recipient_structure_id", "payment_deadline") where "submitted_at" is not null and "status" in ('MISE_A_DISPOSITION', 'COMPLETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_supplier_overdue_idx";`);
    this.addSql(`drop index "invoice_recipient_overdue_idx";`);
    this.addSql(`alter table "invoice" drop column "payment_deadline";`);
  }

}
