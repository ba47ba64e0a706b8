import { Migration } from '@mikro-orm/migrations';

/**
 * The kept counts' total (architecture D19) as a function whose plan does not depend on statistics.
 *
 * Every delta the compaction folds leaves a dead entry in `invoice_count_delta_key_idx` until a VACUUM,
 * and the busiest structures, which are also the most searched, collect the most. Read with a bitmap scan
 * (the planner's choice for a table it believes holds a few rows), each search visited the heap for every
 * dead entry of its structure and never marked one dead: after 8 000 submissions by one supplier, with
 * autovacuum off, its total read 2 415 buffers (8–10 ms) for 0 pending deltas, and the supplier search
 * fell from 459 to 295 req/s (docs/benchmarks/archive-2026.md, 2026-11-26 day). A plain index scan marks the dead
 * entries it meets (LP_DEAD), so the next search skips them. `set enable_bitmapscan = off` on the function
 * keeps that plan whatever the statistics say; the migration invoice_counts already has autovacuum run on
 * the table every 10 000 rows, which bounds what a first scan meets.
 *
 * `statuses` null: every status.
 */
export class Migration20261126081500_count_total_function extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function "invoice_count_total"(structure_ids uuid[], count_side text, statuses text[])
      returns bigint language sql stable set enable_bitmapscan = off as $$
        select coalesce(sum(n), 0)::bigint from (
          select invoices as n from invoice_count
           where structure_id = any(structure_ids) and side = count_side and (statuses is null or status = any(statuses))
          union all
          select delta from invoice_count_delta
           where structure_id = any(structure_ids) and side = count_side and (statuses is null or status = any(statuses))
        ) c
      $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "invoice_count_total"(uuid[], text, text[]);`);
  }

}
