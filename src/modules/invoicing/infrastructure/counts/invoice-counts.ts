import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../../../../shared/persistence/raw';

export type CountSide = 'supplier' | 'recipient';

// The last compaction's counts plus the deltas since: one snapshot, so a compaction committing meanwhile
// is seen entirely or not at all (architecture D19).
const totalSql = (statusFilter: string): string => `select coalesce(sum(n), 0) as total from (
  select invoices as n from invoice_count where structure_id = any(?::uuid[]) and side = ?${statusFilter}
  union all
  select delta from invoice_count_delta where structure_id = any(?::uuid[]) and side = ?${statusFilter}
) c`;
const TOTAL = totalSql('');
const TOTAL_IN_STATUSES = totalSql(' and status = any(?::text[])');

/** Folding deltas into counts, this many rows per statement (a transaction stays short after an outage). */
export const COMPACTION_BATCH = 10_000;

/**
 * Exact invoice totals per whole structure, kept by the database (migration invoice_counts): a structure's
 * total, or its total in some statuses, without walking one index entry per invoice.
 */
@Injectable()
export class InvoiceCounts {
  constructor(private readonly em: EntityManager) {}

  /**
   * The statement giving the total of these structures on one side (supplier: all, by supplier status;
   * recipient: submitted ones) as one row, column `total`, with its values. The search embeds it as a
   * scalar subquery of its page: one statement instead of two.
   */
  totalQuery(side: CountSide, structureIds: string[], statuses?: string[]): { sql: string; values: unknown[] } {
    return statuses && statuses.length > 0
      ? { sql: TOTAL_IN_STATUSES, values: [structureIds, side, statuses, structureIds, side, statuses] }
      : { sql: TOTAL, values: [structureIds, side, structureIds, side] };
  }

  /** Folds every pending delta into the counts; returns how many were folded (0 while another compaction runs). */
  async compact(): Promise<number> {
    let folded = 0;
    for (;;) {
      const [row] = await rawRows<{ folded: number }>(this.em, 'select invoice_count_compact(?) as folded', [COMPACTION_BATCH]);
      folded += row.folded;
      if (row.folded < COMPACTION_BATCH) return folded;
    }
  }
}
