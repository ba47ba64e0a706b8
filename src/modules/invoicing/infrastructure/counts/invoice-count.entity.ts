import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many invoices a structure has per side and status, as of the last compaction. Written only by the
 * database (trigger + `invoice_count_compact`, migration invoice_counts); read by InvoiceCounts. The
 * entity exists so that the schema check knows the table (architecture D19).
 */
@Entity({ tableName: 'invoice_count' })
export class InvoiceCount {
  @PrimaryKey({ type: 'uuid' })
  structureId!: string;

  /** `supplier` (every invoice, by supplier_status) or `recipient` (submitted invoices, by status). */
  @PrimaryKey({ type: 'string', length: 10 })
  side!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  status!: string;

  @Property({ type: 'bigint' })
  invoices!: string;
}

/**
 * The changes to `invoice_count` since its last compaction: one row per (structure, side, status) an
 * invoice write entered (+1) or left (−1). Appending instead of updating a counter row means no two
 * writers ever wait for each other (architecture D19).
 */
@Entity({ tableName: 'invoice_count_delta' })
@Index({ name: 'invoice_count_delta_key_idx', properties: ['structureId', 'side'] })
export class InvoiceCountDelta {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  structureId!: string;

  @Property({ type: 'string', length: 10 })
  side!: string;

  @Property({ type: 'string', length: 40 })
  status!: string;

  @Property({ type: 'integer' })
  delta!: number;
}
