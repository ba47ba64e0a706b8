import { Migration } from '@mikro-orm/migrations';

/**
 * Vacuum `invoice` after 1 % of it changed instead of PostgreSQL's 20 %. Every invoice is written about
 * five times on its way to MISE_A_DISPOSITION; each write clears its heap page's all-visible bit, and the
 * searches' exact counts are index-only scans that must visit the heap of every page not marked visible.
 * At 1 M rows the default waits for 200 000 dead rows: after 15 000 submissions by one supplier its count
 * cost twice as much PostgreSQL CPU until a VACUUM (docs/benchmarks/archive-2026.md, 2026-11-26 night). A vacuum of the
 * 1 M-row table takes about 2 s in the background.
 */
export class Migration20261126031000_invoice_autovacuum extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice" set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice" reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor);`);
  }

}
