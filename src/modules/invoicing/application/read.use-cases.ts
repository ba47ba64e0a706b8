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
}

/** One invoice with its current status (as the caller's side sees it), reform code, deadline and files. */
@Injectable()
export class GetInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly access: InvoiceAccess,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<InvoiceView> {
    const { invoice, side } = await this.access.readable(this.em, actor, invoiceId);
    // The lifecycle and the files as rows, not entities (architecture D15): this read answers every
    // portal invoice page and every API-mode consulter.
    const [state, files] = await Promise.all([
      this.lifecycle.view(invoiceId),
      rawRows<{ id: string; kind: InvoiceFileKind; file_name: string; media_type: string; size: number; sha256: string; created_at: string }>(
        this.em,
        'select id, kind, file_name, media_type, size, sha256, created_at from invoice_file where invoice_id = ? order by created_at asc',
        [invoiceId],
      ),
    ]);
    const supplier = side === 'SUPPLIER';
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
      files: files.map((f) => fileView({ id: f.id, kind: f.kind, fileName: f.file_name, mediaType: f.media_type, size: f.size, sha256: f.sha256, createdAt: new Date(f.created_at) })),
      createdAt: invoice.createdAt.toISOString(),
    };
  }
}

/** The caller's side and where they may read: whole structures, or one service for members attached at service level. */
async function scopeOf(authorization: Authorization, actor: Actor, role: string | undefined): Promise<{ role: SearchRole; scopes: SearchScope[] }> {
  const wanted = role ?? 'supplier';
  if (wanted !== 'supplier' && wanted !== 'recipient') throw new DomainError(InvoicingErrors.ROLE_INVALID, {}, 'role');
  const scopes = await authorization.scopesAllowed(actor, wanted === 'supplier' ? 'FACTURES_EMISES' : 'FACTURES_RECUES', 'CONSULTATION');
  return { role: wanted, scopes };
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

