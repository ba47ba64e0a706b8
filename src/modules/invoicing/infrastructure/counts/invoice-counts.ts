import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../../../../shared/persistence/raw';

export type CountSide = 'supplier' | 'recipient';

// The last compaction's counts plus the deltas since, in one statement: one snapshot, so a compaction
// committing meanwhile is seen entirely or not at all (architecture D19). A function, so that its scans
// stay index scans that skip the dead delta entries (migration count_total_function).
const TOTAL = 'select invoice_count_total(?::uuid[], ?, ?::text[]) as total';

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
  totalQuery(side: CountSide, structureIds: string[], statuses?: string[], hidden: readonly string[] = []): { sql: string; values: unknown[] } {
    if (statuses && statuses.length > 0) {
      const shown = statuses.filter((s) => !hidden.includes(s));
      // Only hidden statuses asked for: none of them counts ('' is no status).
      return { sql: TOTAL, values: [structureIds, side, shown.length > 0 ? shown : ['']] };
    }
    if (hidden.length === 0) return { sql: TOTAL, values: [structureIds, side, null] };
    // Every status but the hidden ones: the whole total less theirs, still two reads of the counts.
    return { sql: `select invoice_count_total(?::uuid[], ?, null::text[]) - invoice_count_total(?::uuid[], ?, ?::text[]) as total`, values: [structureIds, side, structureIds, side, [...hidden]] };
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
