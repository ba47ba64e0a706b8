import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InvoiceCounts } from '../infrastructure/counts/invoice-counts';

/**
 * Every 5 s (worker role): pending count deltas are folded into the counts, so that a search's total sums
 * a few rows however busy the structure. Totals are exact whether it runs or not; it keeps them cheap.
 */
@Injectable()
export class InvoiceCountCompaction {
  constructor(
    private readonly orm: MikroORM,
    private readonly counts: InvoiceCounts,
  ) {}

  @Interval('invoicing.count-compaction', 5_000)
  @CreateRequestContext()
  run(): Promise<number> {
    return this.counts.compact();
  }
}
