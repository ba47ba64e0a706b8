import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceLifecycle } from '../../lifecycle/contracts/lifecycle';
import { ApiInvoiceDetails } from '../contracts/api-mode';
import { InvoiceFileKind } from '../domain/invoice-file.entity';
import { Invoice } from '../domain/invoice.entity';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { InvoiceSearch, SearchFilters, SearchRole, SearchRow, SearchScope } from '../infrastructure/invoice-search';
import { fileView, InvoiceFileView } from './files.use-cases';
import { InvoiceAccess, InvoiceSide } from './invoice-access';

/**
 * The portal's view of one invoice: the API mode's details (ApiInvoices.get returns this view as is)
 * plus what only the portal shows.
 */
export interface InvoiceView extends ApiInvoiceDetails {
  side: InvoiceSide;
  recipientIsState: boolean;
  bankAccountId: string | null;
  reformCode: number | null;
  madeAvailableAt: string | null;
  paymentDeadline: string | null;
  overdue: boolean;
  files: InvoiceFileView[];
  createdAt: string;
  issuance: InvoiceIssuance | null;
}

/** Who issued an invoice in its supplier's name, under which billing mandate (null: the supplier itself). */
export interface InvoiceIssuance {
  issuerStructureId: string;
  mandateId: string;
  /** The issuing user (null: a technical account). */
  issuedBy: string | null;
}

const issuanceOf = (invoice: Pick<Invoice, 'issuerStructureId' | 'mandateId' | 'createdBy'>): InvoiceIssuance | null =>
  invoice.issuerStructureId && invoice.mandateId ? { issuerStructureId: invoice.issuerStructureId, mandateId: invoice.mandateId, issuedBy: invoice.createdBy } : null;

/** One invoice with its current status (as the caller's side sees it), reform code, deadline and files. */
@Injectable()
export class GetInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly access: InvoiceAccess,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  /** By id, or by public id (the API mode's idFacture: one statement instead of a lookup and a read). */
  async execute(actor: Actor, invoiceId: string | { publicId: number }): Promise<InvoiceView> {
    const invoice = await this.row(invoiceId);
    if (!invoice) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND);
    const side = await this.access.sideOf(actor, invoice);
    if (!side) throw new DomainError(InvoicingErrors.INVOICE_NOT_FOUND);
    // The lifecycle and the files as rows, not entities (architecture D15): this read answers every
    // portal invoice page and every API-mode consulter.
    const [state, files] = await Promise.all([
      this.lifecycle.view(invoice.id),
      rawRows<{ id: string; kind: InvoiceFileKind; file_name: string; media_type: string; size: number; sha256: string; created_at: string }>(
        this.em,
        'select id, kind, file_name, media_type, size, sha256, created_at from invoice_file where invoice_id = ? order by created_at asc',
        [invoice.id],
      ),
    ]);
    // The supplier's view of the status (MISE_EN_PAIEMENT may be hidden); a validator never sees more than the supplier.
    const supplier = side !== 'RECIPIENT';
    return {
      id: invoice.id,
      publicId: invoice.publicId ?? null,
      side,
      supplierStructureId: invoice.supplierStructureId,
      supplierServiceId: invoice.supplierServiceId,
      billingFramework: invoice.billingFramework,
      recipientStructureId: invoice.recipientStructureId,
      recipientIsState: invoice.recipientIsState,
      recipientServiceCode: invoice.recipientServiceCode,
      recipientServiceId: invoice.recipientServiceId,
      number: invoice.number,
      invoiceDate: invoice.invoiceDate,
      currency: invoice.currency,
      type: invoice.type,
      engagementNumber: invoice.engagementNumber,
      contractNumber: invoice.contractNumber,
      vatRegime: invoice.vatRegime,
      paymentMode: invoice.paymentMode,
      totalExclTax: invoice.totalExclTax,
      totalVat: invoice.totalVat,
      totalInclTax: invoice.totalInclTax,
      amountDue: invoice.amountDue,
      vatBreakdown: invoice.vatBreakdown,
      lines: invoice.lines,
      bankAccountId: invoice.bankAccountId,
      comment: invoice.comment,
      depositMode: invoice.depositMode,
      depositFlowNumber: invoice.depositFlowNumber,
      status: state ? (supplier ? state.supplierStatus : state.status) : invoice.status,
      reformCode: state ? (supplier ? state.supplierReformCode : state.reformCode) : null,
      statusChangedAt: (state?.statusChangedAt ?? invoice.statusChangedAt).toISOString(),
      submittedAt: invoice.submittedAt?.toISOString() ?? null,
      madeAvailableAt: state?.madeAvailableAt?.toISOString() ?? null,
      paymentDeadline: state?.paymentDeadline ?? null,
      overdue: state?.overdue ?? false,
      rejectionAcknowledged: state?.rejectionAcknowledged ?? false,
      validatorStructureId: invoice.validatorStructureId,
      files: files.map((f) => fileView({ id: f.id, kind: f.kind, fileName: f.file_name, mediaType: f.media_type, size: f.size, sha256: f.sha256, createdAt: new Date(f.created_at) })),
      createdAt: invoice.createdAt.toISOString(),
      issuance: issuanceOf(invoice),
    };
  }

  /**
   * The invoice as a row mapped to the entity's property names (no hydration, identity map or snapshot:
   * nothing is changed here). Dates and timestamps come as text on MikroORM's connections, bigint too.
   */
  private async row(key: string | { publicId: number }): Promise<InvoiceRow | null> {
    if (typeof key !== 'string' && (!Number.isSafeInteger(key.publicId) || key.publicId <= 0)) return null;
    const [r] = await rawRows<Record<string, unknown>>(
      this.em,
      typeof key === 'string' ? `${INVOICE_ROW_SQL} where id = ?` : `${INVOICE_ROW_SQL} where public_id = ?`,
      [typeof key === 'string' ? key : key.publicId],
    );
    if (!r) return null;
    const instant = (v: unknown): Date | null => (v === null ? null : new Date(v as string));
    return {
      id: r.id as string,
      publicId: r.public_id === null ? null : Number(r.public_id),
      supplierStructureId: r.supplier_structure_id as string,
      supplierServiceId: r.supplier_service_id as string | null,
      billingFramework: r.billing_framework as string,
      recipientStructureId: r.recipient_structure_id as string | null,
      recipientIsState: r.recipient_is_state as boolean,
      recipientServiceCode: r.recipient_service_code as string | null,
      recipientServiceId: r.recipient_service_id as string | null,
      validatorStructureId: r.validator_structure_id as string | null,
      number: r.number as string | null,
      invoiceDate: r.invoice_date as string | null,
      currency: r.currency as string,
      type: r.type as string,
      engagementNumber: r.engagement_number as string | null,
      contractNumber: r.contract_number as string | null,
      vatRegime: r.vat_regime as string | null,
      paymentMode: r.payment_mode as string | null,
      totalExclTax: r.total_excl_tax as string | null,
      totalVat: r.total_vat as string | null,
      totalInclTax: r.total_incl_tax as string | null,
      amountDue: r.amount_due as string | null,
      vatBreakdown: r.vat_breakdown as Invoice['vatBreakdown'],
      lines: r.lines as Invoice['lines'],
      bankAccountId: r.bank_account_id as string | null,
      comment: r.comment as string | null,
      depositMode: r.deposit_mode as string,
      depositFlowNumber: r.deposit_flow_number as string | null,
      status: r.status as string,
      statusChangedAt: new Date(r.status_changed_at as string),
      submittedAt: instant(r.submitted_at),
      createdAt: new Date(r.created_at as string),
      issuerStructureId: r.issuer_structure_id as string | null,
      mandateId: r.mandate_id as string | null,
      createdBy: r.created_by as string | null,
    };
  }
}

type InvoiceRow = Pick<
  Invoice,
  | 'id' | 'supplierStructureId' | 'supplierServiceId' | 'billingFramework' | 'recipientStructureId' | 'recipientIsState'
  | 'recipientServiceCode' | 'recipientServiceId' | 'validatorStructureId' | 'number' | 'invoiceDate' | 'currency' | 'type' | 'engagementNumber'
  | 'contractNumber' | 'vatRegime' | 'paymentMode' | 'totalExclTax' | 'totalVat' | 'totalInclTax' | 'amountDue'
  | 'vatBreakdown' | 'lines' | 'bankAccountId' | 'comment' | 'depositMode' | 'depositFlowNumber' | 'status'
  | 'statusChangedAt' | 'submittedAt' | 'createdAt' | 'issuerStructureId' | 'mandateId' | 'createdBy'
> & { publicId: number | null };

const INVOICE_ROW_SQL = `select id, public_id, supplier_structure_id, supplier_service_id, billing_framework, recipient_structure_id, validator_structure_id,
       recipient_is_state, recipient_service_code, recipient_service_id, number, invoice_date, currency, type, engagement_number,
       contract_number, vat_regime, payment_mode, total_excl_tax, total_vat, total_incl_tax, amount_due, vat_breakdown, lines,
       bank_account_id, comment, deposit_mode, deposit_flow_number, status, status_changed_at, submitted_at, created_at,
       issuer_structure_id, mandate_id, created_by
  from invoice`;

/** The caller's side and where they may read: whole structures, or one service for members attached at service level. */
async function scopeOf(authorization: Authorization, actor: Actor, role: string | undefined): Promise<{ role: SearchRole; scopes: SearchScope[] }> {
  const wanted = role ?? 'supplier';
  if (wanted !== 'supplier' && wanted !== 'recipient' && wanted !== 'mandatary') throw new DomainError(InvoicingErrors.ROLE_INVALID, {}, 'role');
  const scopes = await authorization.scopesAllowed(actor, wanted === 'recipient' ? 'FACTURES_RECUES' : 'FACTURES_EMISES', 'CONSULTATION');
  // A mandatary issues under a mandate as a whole structure (Authorization.actingMandate): members attached to one service see none of it.
  return { role: wanted, scopes: wanted === 'mandatary' ? scopes.filter((s) => s.serviceId === null) : scopes };
}

export interface SearchPage {
  items: SearchRow[];
  page: number;
  pageSize: number;
  total: number;
}

/** Search, scoped to the structures where the caller holds Factures émises (supplier) or reçues (recipient). */
@Injectable()
export class SearchInvoices {
  constructor(
    private readonly authorization: Authorization,
    private readonly search: InvoiceSearch,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  async execute(actor: Actor, filters: SearchFilters & { role?: string }): Promise<SearchPage> {
    const scope = await scopeOf(this.authorization, actor, filters.role);
    return this.search.page(scope.role, scope.scopes, filters, this.lifecycle.overdueCriteria());
  }
}

/** CSV export of a search, streamed from a server-side cursor. */
@Injectable()
export class ExportInvoices {
  constructor(
    private readonly authorization: Authorization,
    private readonly search: InvoiceSearch,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  async execute(actor: Actor, filters: SearchFilters & { role?: string }): Promise<Readable> {
    const scope = await scopeOf(this.authorization, actor, filters.role);
    return this.search.csv(scope.role, scope.scopes, filters, this.lifecycle.overdueCriteria());
  }
}

