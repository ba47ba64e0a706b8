import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export interface VatBreakdownLine {
  rate: string;
  taxableAmount: string;
  vatAmount: string;
}

export interface InvoiceLine {
  description: string;
  quantity: string;
  unitPrice: string;
  /** BT-149: the unit price is for this many units (absent: 1). */
  priceBaseQuantity?: string;
  vatRate: string;
  amountExclTax: string;
}

/**
 * What an invoice says. The lifecycle context owns its status; `status`, `supplierStatus` and
 * `paymentDeadline` here are a read model of its decisions, which invoicing writes (the projection
 * `InvoiceLifecycle.submit` returns, or the lifecycle's listener for the transitions it starts: D25)
 * so search and export, including the overdue filter, are one-table queries.
 *
 * Number uniqueness: a partial unique index on (supplier structure, year of the invoice date, number)
 * WHERE submitted_at IS NOT NULL. A draft reserves nothing; the constraint bites at submission, so of
 * concurrent submissions of one number exactly one commits.
 */
@Entity({ tableName: 'invoice' })
// Supplier status (+ invoice date range) filters and their counts: index-only (migration search_count_indexes).
@Index({ name: 'invoice_supplier_status_date_idx', properties: ['supplierStructureId', 'supplierStatus', 'invoiceDate'] })
// "Sent to this recipient" filter of the supplier search: its count (prefix) and its page in the default
// order, even when few of the supplier's invoices go to that recipient (migration supplier_recipient_order).
@Index({
  name: 'invoice_supplier_recipient_created_idx',
  expression:
    'create index "invoice_supplier_recipient_created_idx" on "invoice" ("supplier_structure_id", "recipient_structure_id", "created_at" desc nulls last, "id" desc)',
})
// One status in the default order (createdAt desc), the usual filter of both lists: an ordered walk of
// that status's entries. Without them PostgreSQL walked the structure's whole created_at index for a rare
// status (16 ms for REJETEE, worse for rarer ones) or sorted every match (migration status_order_indexes).
@Index({
  name: 'invoice_supplier_status_created_idx',
  expression:
    'create index "invoice_supplier_status_created_idx" on "invoice" ("supplier_structure_id", "supplier_status", "created_at" desc nulls last, "id" desc)',
})
@Index({
  name: 'invoice_recipient_status_created_idx',
  expression:
    'create index "invoice_recipient_status_created_idx" on "invoice" ("recipient_structure_id", "status", "created_at" desc nulls last, "id" desc) where "submitted_at" is not null',
})
// invoice_date_idx stays although every search is scoped by structure: for several statuses sorted by
// date, reading it in order and filtering beats sorting the structure's rows (docs/benchmarks/archive-2026.md,
// 2026-11-26 afternoon). No index on submitted_at or (recipient, status) alone: the structure-first
// ones serve those searches, and each index is one more entry to write at every change of status.
@Index({ name: 'invoice_date_idx', properties: ['invoiceDate'] })
@Index({ name: 'invoice_number_idx', properties: ['number'] })
@Index({ name: 'invoice_deposit_flow_idx', properties: ['depositFlowNumber'] })
// Search pages (docs/benchmarks/archive-2026.md): the search orders by "<column> <dir> nulls last, id <dir>"; these
// match the default sort (createdAt desc) and the invoiceDate sort exactly, so a page of a structure
// with tens of thousands of invoices reads 50 index entries instead of every row of the structure.
// The recipient ones are partial like the recipient search (submitted invoices only), which also makes
// its count an index-only scan.
@Index({
  name: 'invoice_supplier_created_desc_idx',
  expression: 'create index "invoice_supplier_created_desc_idx" on "invoice" ("supplier_structure_id", "created_at" desc nulls last, "id" desc)',
})
@Index({
  name: 'invoice_supplier_date_desc_idx',
  expression: 'create index "invoice_supplier_date_desc_idx" on "invoice" ("supplier_structure_id", "invoice_date" desc nulls last, "id" desc)',
})
@Index({
  name: 'invoice_recipient_created_desc_idx',
  expression:
    'create index "invoice_recipient_created_desc_idx" on "invoice" ("recipient_structure_id", "created_at" desc nulls last, "id" desc) where "submitted_at" is not null',
})
@Index({
  name: 'invoice_recipient_status_date_idx',
  expression:
    'create index "invoice_recipient_status_date_idx" on "invoice" ("recipient_structure_id", "status", "invoice_date") where "submitted_at" is not null',
})
@Index({
  name: 'invoice_recipient_date_desc_idx',
  expression:
    'create index "invoice_recipient_date_desc_idx" on "invoice" ("recipient_structure_id", "invoice_date" desc nulls last, "id" desc) where "submitted_at" is not null',
})
// The API mode sorts by deposit date (DateDepot) by default: same shape, on submitted_at.
@Index({
  name: 'invoice_supplier_submitted_desc_idx',
  expression: 'create index "invoice_supplier_submitted_desc_idx" on "invoice" ("supplier_structure_id", "submitted_at" desc nulls last, "id" desc)',
})
@Index({
  name: 'invoice_recipient_submitted_desc_idx',
  expression:
    'create index "invoice_recipient_submitted_desc_idx" on "invoice" ("recipient_structure_id", "submitted_at" desc nulls last, "id" desc) where "submitted_at" is not null',
})
// "Changed since" (periodeDateHeureEtatCourantDu/Au, how ERPs synchronise): a day's changes of a structure
// are a range of these, where without them every invoice of the structure was read (a supplier of 50 000:
// 96 ms, 0.5 ms with the index; docs/benchmarks/archive-2026.md, issue 18).
@Index({
  name: 'invoice_supplier_status_changed_idx',
  expression: 'create index "invoice_supplier_status_changed_idx" on "invoice" ("supplier_structure_id", "status_changed_at")',
})
@Index({
  name: 'invoice_recipient_status_changed_idx',
  expression:
    'create index "invoice_recipient_status_changed_idx" on "invoice" ("recipient_structure_id", "status_changed_at") where "submitted_at" is not null',
})
// Overdue filter (docs/benchmarks/archive-2026.md): invoices whose payment clock runs — the statuses of the lifecycle's
// PAYMENT_CLOCK_STATUSES, which the search sends as OverdueCriteria.statuses (a test checks both lists
// agree) — by party and deadline: "payment_deadline < today" is a range scan of the structure's entries.
@Index({
  name: 'invoice_recipient_overdue_idx',
  expression:
    `create index "invoice_recipient_overdue_idx" on "invoice" ("recipient_structure_id", "payment_deadline") where "submitted_at" is not null and "status" in ('MISE_A_DISPOSITION', 'COMPLETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE')`,
})
@Index({
  name: 'invoice_supplier_overdue_idx',
  expression:
    `create index "invoice_supplier_overdue_idx" on "invoice" ("supplier_structure_id", "payment_deadline") where "status" in ('MISE_A_DISPOSITION', 'COMPLETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE')`,
})
// The mandatary's list: invoices it issued in other suppliers' names (few structures have any).
@Index({
  name: 'invoice_issuer_created_idx',
  expression:
    'create index "invoice_issuer_created_idx" on "invoice" ("issuer_structure_id", "created_at" desc nulls last, "id" desc) where "issuer_structure_id" is not null',
})
@Unique({
  name: 'invoice_number_unique',
  expression:
    'create unique index "invoice_number_unique" on "invoice" ("supplier_structure_id", "invoice_year", "number") where "submitted_at" is not null',
})
export class Invoice {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** identifiantFactureCPP of the API mode, assigned by the database (same scheme as idStructureCPP). */
  @Property({ type: new BigIntType('number'), autoincrement: true, unique: 'invoice_public_id_unique' })
  publicId!: number;

  @Property({ type: 'uuid' })
  supplierStructureId: string;

  @Property({ type: 'uuid', nullable: true })
  supplierServiceId: string | null = null;

  @Property({ type: 'string', length: 60 })
  billingFramework: string = 'A1_FACTURE_FOURNISSEUR';

  @Property({ type: 'uuid', nullable: true })
  recipientStructureId: string | null = null;

  /** Service code as entered; resolved to recipientServiceId at submission. */
  @Property({ type: 'string', length: 100, nullable: true })
  recipientServiceCode: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  recipientServiceId: string | null = null;

  @Property({ type: 'boolean' })
  recipientIsState: boolean = false;

  /** Validation circuit (A9 subcontractor, A12 co-contractor): the structure that validates before routing. */
  @Property({ type: 'uuid', nullable: true })
  validatorStructureId: string | null = null;

  @Property({ type: 'string', length: 20, nullable: true })
  number: string | null = null;

  @Property({ type: 'date', nullable: true })
  invoiceDate: string | null = null;

  @Property({ type: 'smallint', nullable: true })
  invoiceYear: number | null = null;

  @Property({ type: 'string', length: 3 })
  currency: string = 'EUR';

  @Property({ type: 'string', length: 10 })
  type: string = 'FACTURE';

  @Property({ type: 'string', length: 50, nullable: true })
  engagementNumber: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  contractNumber: string | null = null;

  @Property({ type: 'string', length: 30, nullable: true })
  vatRegime: string | null = null;

  @Property({ type: 'string', length: 20, nullable: true })
  paymentMode: string | null = null;

  @Property({ type: 'decimal', precision: 15, scale: 2, nullable: true })
  totalExclTax: string | null = null;

  @Property({ type: 'decimal', precision: 15, scale: 2, nullable: true })
  totalVat: string | null = null;

  @Property({ type: 'decimal', precision: 15, scale: 2, nullable: true })
  totalInclTax: string | null = null;

  @Property({ type: 'decimal', precision: 15, scale: 2, nullable: true })
  amountDue: string | null = null;

  @Property({ type: 'json' })
  vatBreakdown: VatBreakdownLine[] = [];

  @Property({ type: 'json' })
  lines: InvoiceLine[] = [];

  @Property({ type: 'uuid', nullable: true })
  bankAccountId: string | null = null;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  /** SAISIE_WEB, DEPOT_PDF_WEB, SAISIE_API, DEPOT_PDF_API. */
  @Property({ type: 'string', length: 20 })
  depositMode: string = 'SAISIE_WEB';

  /** numeroFluxDepot when the invoice came in a flow (API mode). */
  @Property({ type: 'string', length: 30, nullable: true })
  depositFlowNumber: string | null = null;

  /** Read model of the lifecycle status (what the recipient sees). */
  @Property({ type: 'string', length: 40 })
  status: string = 'BROUILLON';

  /** Read model: the status the supplier sees (MISE_EN_PAIEMENT hidden when the recipient does not report it). */
  @Property({ type: 'string', length: 40 })
  supplierStatus: string = 'BROUILLON';

  @Property({ type: 'datetime' })
  statusChangedAt: Date;

  /** Read model of the lifecycle's payment deadline (YYYY-MM-DD), for the overdue filter. */
  @Property({ type: 'date', nullable: true })
  paymentDeadline: string | null = null;

  /** Read model of the lifecycle's flag: the supplier acknowledged the rejection (rejetTraite filter). */
  @Property({ type: 'boolean', default: false })
  rejectionAcknowledged: boolean = false;

  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  /** First time a recipient-side user downloaded one of its files ("téléchargée" filter of recipients). */
  @Property({ type: 'datetime', nullable: true })
  recipientDownloadedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;

  /**
   * Issued under a billing mandate: the mandatary structure that issued it in the supplier's name, and the
   * mandate (habilitations). null for an invoice the supplier issued itself. `createdBy` is the issuing user.
   */
  @Property({ type: 'uuid', nullable: true })
  issuerStructureId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  mandateId: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  constructor(supplierStructureId: string, now: Date) {
    this.supplierStructureId = supplierStructureId;
    this.createdAt = now;
    this.updatedAt = now;
    this.statusChangedAt = now;
  }

  get isDraft(): boolean {
    return this.submittedAt === null;
  }
}
