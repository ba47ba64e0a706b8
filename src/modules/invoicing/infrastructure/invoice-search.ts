import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { csvLine } from '../../../shared/http/csv';
import { Page, pageOf, pageRequest } from '../../../shared/http/pagination';
import { cursorBatches } from '../../../shared/persistence/cursor';
import { rawRows } from '../../../shared/persistence/raw';
import { BEFORE_RECIPIENT_STATUSES, OverdueCriteria } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { InvoiceCounts } from './counts/invoice-counts';

/** mandatary: the invoices a structure issued in other suppliers' names under billing mandates (supplier's view). */
export type SearchRole = 'supplier' | 'recipient' | 'mandatary';

/** Where the caller may search: a whole structure (serviceId null) or one of its services. */
export interface SearchScope {
  structureId: string;
  serviceId: string | null;
}

export interface SearchFilters {
  recipientStructureId?: string;
  isState?: boolean;
  type?: string;
  supplierStructureId?: string;
  supplierServiceId?: string;
  /** Recipient side: the recipient's service the invoice was routed to. */
  recipientServiceCode?: string;
  /** Recipient side: whether a recipient-side user has downloaded one of its files. */
  downloaded?: boolean;
  /** Past its payment deadline while the payment clock runs (the lifecycle's rule, OverdueCriteria). */
  overdue?: boolean;
  billingFramework?: string;
  /** One or several statuses (as the caller's side sees them). */
  status?: string[];
  dateFrom?: string;
  dateTo?: string;
  number?: string;
  /** The engagement the invoices carry (docs/engagements.md). */
  engagementNumber?: string;
  /** numeroFluxDepot of the API mode. */
  depositFlowNumber?: string;
  /** Submission (deposit) date range, YYYY-MM-DD inclusive. */
  submittedFrom?: string;
  submittedTo?: string;
  /** Last status change within [from, to], ISO 8601 instants, inclusive. */
  statusChangedFrom?: string;
  statusChangedTo?: string;
  /** Rejected and acknowledged by the supplier (true), or not (false: every other invoice). */
  rejectionAcknowledged?: boolean;
  sort?: string;
  direction?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface SearchRow {
  id: string;
  publicId: number;
  number: string | null;
  invoiceDate: string | null;
  type: string;
  status: string;
  billingFramework: string;
  supplierStructureId: string;
  supplierServiceId: string | null;
  recipientStructureId: string | null;
  recipientServiceCode: string | null;
  engagementNumber: string | null;
  currency: string;
  totalExclTax: string | null;
  totalVat: string | null;
  totalInclTax: string | null;
  amountDue: string | null;
  submittedAt: string | null;
  statusChangedAt: string;
  depositMode: string;
  depositFlowNumber: string | null;
  overdue: boolean;
  rejectionAcknowledged: boolean;
}

export const SORTABLE = {
  invoiceDate: 'invoice_date',
  submittedAt: 'submitted_at',
  number: 'number',
  amountDue: 'amount_due',
  totalInclTax: 'total_incl_tax',
  statusChangedAt: 'status_changed_at',
  status: 'status',
  createdAt: 'created_at',
} as const;

const EXPORT_BATCH = 500;

interface RawRow {
  id: string;
  public_id: string;
  number: string | null;
  invoice_date: string | Date | null;
  type: string;
  status: string;
  billing_framework: string;
  supplier_structure_id: string;
  supplier_service_id: string | null;
  recipient_structure_id: string | null;
  recipient_service_code: string | null;
  engagement_number: string | null;
  currency: string;
  total_excl_tax: string | null;
  total_vat: string | null;
  total_incl_tax: string | null;
  amount_due: string | null;
  submitted_at: string | null;
  status_changed_at: string;
  deposit_mode: string;
  deposit_flow_number: string | null;
  overdue: boolean;
  rejection_acknowledged: boolean;
}

const day = (value: string | Date | null): string | null =>
  value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * PostgreSQL's text of a timestamptz (the driver leaves it as text) as JavaScript's toISOString writes it.
 * A session in UTC writes `2026-11-26 05:13:33.123456+00`, rewritten here as text: parsing it into a
 * Date cost the API about 2 µs per value, 100 values per page, and formatting it in SQL (to_char) was
 * worse, since PostgreSQL formats every candidate row before a top-N sort (docs/benchmarks/archive-2026.md). Any other
 * offset goes through Date. Milliseconds are truncated, as Date does.
 */
export function instant(text: string): string {
  const utc = UTC_TIMESTAMP.exec(text);
  if (!utc) return new Date(text).toISOString();
  return `${utc[1]}T${utc[2]}.${((utc[3] ?? '') + '000').slice(0, 3)}Z`;
}

function toRow(r: RawRow): SearchRow {
  return {
    id: r.id,
    publicId: Number(r.public_id),
    number: r.number,
    invoiceDate: day(r.invoice_date),
    type: r.type,
    status: r.status,
    billingFramework: r.billing_framework,
    supplierStructureId: r.supplier_structure_id,
    supplierServiceId: r.supplier_service_id,
    recipientStructureId: r.recipient_structure_id,
    recipientServiceCode: r.recipient_service_code,
    engagementNumber: r.engagement_number,
    currency: r.currency,
    totalExclTax: r.total_excl_tax,
    totalVat: r.total_vat,
    totalInclTax: r.total_incl_tax,
    amountDue: r.amount_due,
    submittedAt: r.submitted_at === null ? null : instant(r.submitted_at),
    statusChangedAt: instant(r.status_changed_at),
    depositMode: r.deposit_mode,
    depositFlowNumber: r.deposit_flow_number,
    overdue: r.overdue,
    rejectionAcknowledged: r.rejection_acknowledged,
  };
}

/** A CSV row: the search row plus the names and identifiers (SIRET…) of both structures. */
type CsvRow = SearchRow & {
  supplierName: string | null;
  supplierIdentifier: string | null;
  recipientName: string | null;
  recipientIdentifier: string | null;
};

const CSV_COLUMNS: [keyof CsvRow, string][] = [
  ['publicId', 'identifiant'],
  ['number', 'numero'],
  ['invoiceDate', 'date_facture'],
  ['type', 'type'],
  ['status', 'statut'],
  ['billingFramework', 'cadre_facturation'],
  ['supplierName', 'fournisseur'],
  ['supplierIdentifier', 'identifiant_fournisseur'],
  ['recipientName', 'destinataire'],
  ['recipientIdentifier', 'identifiant_destinataire'],
  ['recipientServiceCode', 'code_service'],
  ['engagementNumber', 'numero_engagement'],
  ['currency', 'devise'],
  ['totalExclTax', 'montant_ht'],
  ['totalVat', 'montant_tva'],
  ['totalInclTax', 'montant_ttc'],
  ['amountDue', 'montant_a_payer'],
  ['submittedAt', 'date_depot'],
  ['statusChangedAt', 'date_statut'],
  ['overdue', 'en_retard'],
];

/** A fragment of SQL with `?` placeholders and their values, in order. */
interface Sql {
  sql: string;
  values: unknown[];
}

/** Conditions joined by `and`. */
class Conditions {
  private readonly parts: string[] = [];
  private readonly values: unknown[] = [];

  add(sql: string | Sql, ...values: unknown[]): void {
    if (typeof sql === 'string') {
      this.parts.push(sql);
      this.values.push(...values);
    } else {
      this.parts.push(sql.sql);
      this.values.push(...sql.values);
    }
  }

  sql(): Sql {
    return { sql: this.parts.join(' and '), values: this.values };
  }
}

/** `column in (?, …)`, as PostgreSQL plans it best: one value becomes `=`, which an ordered index scan can use. */
const inList = (column: string, values: readonly unknown[]): Sql => ({ sql: `${column} in (${values.map(() => '?').join(', ')})`, values: [...values] });

/**
 * The lifecycle's overdue rule on the invoice read model, as one SQL condition (select and filter use
 * this same fragment). NULL when there is no deadline in a clock status, which cannot happen: the
 * deadline is set with MISE_A_DISPOSITION; callers still coalesce it to false.
 */
function overdueCondition(c: OverdueCriteria): Sql {
  const clock = inList('status', c.statuses);
  return { sql: `(${clock.sql} and payment_deadline < ?::date)`, values: [...clock.values, c.deadlineBefore] };
}

/** The status each side sees: the supplier's view of it (A_RECYCLER…) or the true one. */
const STATUS_COLUMN: Record<SearchRole, string> = { supplier: 'supplier_status', recipient: 'status', mandatary: 'supplier_status' };

/** The columns of a SearchRow. */
function selectList(role: SearchRole, late: string): string {
  return [
    'id', 'public_id', 'number', 'invoice_date', 'type', `${STATUS_COLUMN[role]} as status`, 'billing_framework', 'supplier_structure_id',
    'supplier_service_id', 'recipient_structure_id', 'recipient_service_code', 'engagement_number', 'currency', 'total_excl_tax', 'total_vat',
    'total_incl_tax', 'amount_due', 'submitted_at', 'status_changed_at', 'deposit_mode', 'deposit_flow_number',
    `coalesce(${late}, false) as overdue`, 'rejection_acknowledged',
  ].join(', ');
}

/** Keys of SearchFilters that leave a total answerable by InvoiceCounts; any other set filter means `count(*)`. */
const COUNTED_KEYS = new Set(['role', 'status', 'sort', 'direction', 'page', 'pageSize']);

/**
 * The structures whose counts give the total: whole structures only (a service-scoped member sees part of
 * one), no filter but statuses. Unknown keys fall back to counting rows, so a new filter is never miscounted.
 */
function countedStructures(scopes: SearchScope[], f: SearchFilters): string[] | null {
  if (scopes.some((s) => s.serviceId !== null)) return null;
  for (const [key, value] of Object.entries(f)) if (value !== undefined && !COUNTED_KEYS.has(key)) return null;
  return scopes.map((s) => s.structureId);
}

/** Search and export queries on the invoice table (one table: the status is a read model there). */
@Injectable()
export class InvoiceSearch {
  constructor(
    private readonly em: EntityManager,
    private readonly structures: StructureCatalog,
    private readonly counts: InvoiceCounts,
  ) {}

  /** One StructureCatalog.findByIds per batch (never per row) to name both parties. */
  private async csvRows(raws: RawRow[]): Promise<CsvRow[]> {
    const rows = raws.map(toRow);
    const ids = new Set<string>();
    for (const r of rows) {
      ids.add(r.supplierStructureId);
      if (r.recipientStructureId) ids.add(r.recipientStructureId);
    }
    const byId = new Map((await this.structures.findByIds([...ids])).map((s) => [s.id, s]));
    return rows.map((r) => {
      const supplier = byId.get(r.supplierStructureId);
      const recipient = r.recipientStructureId ? byId.get(r.recipientStructureId) : undefined;
      return {
        ...r,
        supplierName: supplier?.companyName ?? null,
        supplierIdentifier: supplier?.identifier ?? null,
        recipientName: recipient?.companyName ?? null,
        recipientIdentifier: recipient?.identifier ?? null,
      };
    });
  }

  /**
   * The WHERE clause of a search and its values, written as plain SQL (`?` placeholders): a query builder
   * cost the API more than the rest of the search's own code (docs/benchmarks/archive-2026.md). `overdue`: the
   * lifecycle's rule now (InvoiceLifecycle.overdueCriteria). It reads the true status on both sides, as the
   * invoice's `overdue` does: an invoice in MISE_EN_PAIEMENT is not overdue even where the supplier still
   * sees the previous status.
   */
  private where(role: SearchRole, scopes: SearchScope[], f: SearchFilters, late: Sql): Sql {
    const w = new Conditions();
    // Whole structures, plus structures seen through one service only (members attached at service level).
    const structureColumn = { supplier: 'supplier_structure_id', recipient: 'recipient_structure_id', mandatary: 'issuer_structure_id' }[role];
    const serviceColumn = role === 'recipient' ? 'recipient_service_id' : 'supplier_service_id';
    const whole = scopes.filter((s) => s.serviceId === null).map((s) => s.structureId);
    const services = scopes.filter((s): s is { structureId: string; serviceId: string } => s.serviceId !== null && !whole.includes(s.structureId));
    const visible: Sql[] = [];
    if (whole.length > 0) visible.push(inList(structureColumn, whole));
    for (const s of services) visible.push({ sql: `(${structureColumn} = ? and ${serviceColumn} = ?)`, values: [s.structureId, s.serviceId] });
    w.add({ sql: `(${visible.map((v) => v.sql).join(' or ')})`, values: visible.flatMap((v) => v.values) });
    if (role === 'recipient') {
      w.add('submitted_at is not null');
      // Not yet the recipient's: with its validator, or refused by it (validation circuits, D25).
      w.add({ sql: `not ${inList('status', BEFORE_RECIPIENT_STATUSES).sql}`, values: [...BEFORE_RECIPIENT_STATUSES] });
    }
    if (f.recipientStructureId) w.add('recipient_structure_id = ?', f.recipientStructureId);
    if (f.isState !== undefined) w.add('recipient_is_state = ?', f.isState);
    if (f.type) w.add('type = ?', f.type);
    if (f.supplierStructureId) w.add('supplier_structure_id = ?', f.supplierStructureId);
    if (f.supplierServiceId) w.add('supplier_service_id = ?', f.supplierServiceId);
    if (f.recipientServiceCode) w.add('recipient_service_code = ?', f.recipientServiceCode.trim());
    if (f.downloaded !== undefined) w.add(f.downloaded ? 'recipient_downloaded_at is not null' : 'recipient_downloaded_at is null');
    if (f.overdue !== undefined) w.add(f.overdue ? late : { sql: `not coalesce(${late.sql}, false)`, values: late.values });
    if (f.billingFramework) w.add('billing_framework = ?', f.billingFramework);
    if (f.status && f.status.length > 0) w.add(inList(STATUS_COLUMN[role], f.status));
    if (f.dateFrom) w.add('invoice_date >= ?', f.dateFrom);
    if (f.dateTo) w.add('invoice_date <= ?', f.dateTo);
    if (f.number) w.add('number = ?', f.number.trim());
    if (f.engagementNumber) w.add('engagement_number = ?', f.engagementNumber.trim());
    if (f.depositFlowNumber) w.add('deposit_flow_number = ?', f.depositFlowNumber.trim());
    if (f.submittedFrom) w.add('submitted_at >= ?', f.submittedFrom);
    if (f.submittedTo) w.add('submitted_at < (?::date + 1)', f.submittedTo);
    if (f.statusChangedFrom) w.add('status_changed_at >= ?::timestamptz', f.statusChangedFrom);
    if (f.statusChangedTo) w.add('status_changed_at <= ?::timestamptz', f.statusChangedTo);
    if (f.rejectionAcknowledged !== undefined) w.add('rejection_acknowledged = ?', f.rejectionAcknowledged);
    return w.sql();
  }

  /**
   * The rows of a search in their order (SORTABLE column, then id as the tie-breaker), without paging,
   * from its overdue rule and WHERE clause; `extra` adds a column (its values follow the select list's).
   */
  private rowsQuery(role: SearchRole, f: SearchFilters, late: Sql, where: Sql, extra?: Sql): Sql {
    const column = SORTABLE[(f.sort ?? 'createdAt') as keyof typeof SORTABLE] ?? 'created_at';
    const direction = f.direction === 'asc' ? 'asc' : 'desc';
    return {
      sql: `select ${selectList(role, late.sql)}${extra ? `, ${extra.sql}` : ''} from invoice where ${where.sql} order by ${column} ${direction} nulls last, id ${direction}`,
      values: [...late.values, ...(extra?.values ?? []), ...where.values],
    };
  }

  /**
   * One statement: the page, each row carrying the total as a scalar subquery, which PostgreSQL runs once
   * (an InitPlan). A second statement for the total cost more than the total itself: a search with its
   * total in a separate statement used 20 % more CPU in all (docs/benchmarks/archive-2026.md). An empty page carries no
   * total: the first page is then 0, a page past the end asks for it alone.
   */
  async page(
    role: SearchRole,
    scopes: SearchScope[],
    f: SearchFilters,
    overdue: OverdueCriteria,
  ): Promise<Page<SearchRow>> {
    const request = pageRequest(f);
    if (scopes.length === 0) return pageOf(request, [], 0);
    const late = overdueCondition(overdue);
    const where = this.where(role, scopes, f, late);
    const total = this.totalQuery(role, scopes, f, where);
    const rows = this.rowsQuery(role, f, late, where, { sql: `(${total.sql}) as total`, values: total.values });
    const raws = await rawRows<RawRow & { total: string }>(this.em, `${rows.sql} limit ? offset ?`, [...rows.values, request.limit, request.offset], {
      prepared: false,
    });
    if (raws.length > 0) return pageOf(request, raws.map(toRow), Number(raws[0]!.total));
    if (request.offset === 0) return pageOf(request, [], 0);
    const [alone] = await rawRows<{ total: string }>(this.em, total.sql, total.values, { prepared: false });
    return pageOf(request, [], Number(alone?.total ?? 0));
  }

  /**
   * Exact either way: the counts (a few rows whatever the structure's size) when they can answer, else
   * `count(*)` under the search's WHERE clause (index-only for the indexed filters, one entry per matching
   * invoice).
   */
  private totalQuery(role: SearchRole, scopes: SearchScope[], f: SearchFilters, where: Sql): Sql {
    // The counts are kept per supplier and recipient, not per issuer.
    const structures = countedStructures(scopes, f);
    if (structures && role !== 'mandatary') return this.counts.totalQuery(role, structures, f.status, role === 'recipient' ? BEFORE_RECIPIENT_STATUSES : []);
    return { sql: `select count(*) as total from invoice where ${where.sql}`, values: where.values };
  }

  /**
   * CSV from a server-side cursor (DECLARE … FETCH 500) on a dedicated connection, inside a read-only
   * transaction: memory stays bounded by one batch whatever the number of rows.
   */
  csv(role: SearchRole, scopes: SearchScope[], f: SearchFilters, overdue: OverdueCriteria): Readable {
    const knex = this.em.getKnex();
    const header = csvLine(CSV_COLUMNS.map(([, title]) => title));
    if (scopes.length === 0) return Readable.from([header]);
    const late = overdueCondition(overdue);
    const rows = this.rowsQuery(role, f, late, this.where(role, scopes, f, late));
    const native = knex.raw(rows.sql, rows.values as Knex.RawBinding[]).toSQL().toNative();
    const named = (raws: RawRow[]): Promise<CsvRow[]> => this.csvRows(raws);
    async function* lines(): AsyncGenerator<string> {
      yield header;
      for await (const batch of cursorBatches<RawRow>(knex, native, EXPORT_BATCH)) {
        yield (await named(batch)).map((row) => csvLine(CSV_COLUMNS.map(([key]) => row[key]))).join('');
      }
    }
    return Readable.from(lines());
  }
}
