import { Migration } from '@mikro-orm/migrations';

/**
 * Two indexes no search needs: every search is scoped by structure, and the structure-first indexes serve
 * the submitted_at ranges and the recipient's status filters (plans in docs/benchmarks/archive-2026.md, 2026-11-26
 * afternoon). Each was one more entry written at every change of an invoice's status.
 */
export class Migration20261126101750_drop_redundant_invoice_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "invoice_recipient_status_idx";`);
    this.addSql(`drop index "invoice_submitted_at_idx";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "invoice_recipient_status_idx" on "invoice" ("recipient_structure_id", "status");`);
    this.addSql(`create index "invoice_submitted_at_idx" on "invoice" ("submitted_at");`);
  }
}
