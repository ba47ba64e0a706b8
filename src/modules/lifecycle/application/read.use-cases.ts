import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceCatalog } from '../../invoicing/contracts/invoices';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { InvoiceState } from '../domain/invoice-state.entity';
import { INVOICE_STATUS_LABELS, InvoiceStatus } from '../domain/invoice-status';
import { allowedTransitions, SUPPLIER_WORKLIST_STATUSES, visibleHistoryForSupplier } from '../domain/status-machine';
import { LifecycleErrors } from '../domain/lifecycle.errors';
import { LifecycleAccess, Side } from './lifecycle-access';

export interface HistoryItem {
  seq: number;
  status: string;
  labelFr: string;
  reformCode: number | null;
  at: string;
  actorKind: string;
  actorId: string | null;
  structureId: string | null;
  serviceId: string | null;
  comment: string | null;
  mandateNumber: string | null;
}

interface AccessRow {
  state_status: InvoiceStatus;
  supplier_structure_id: string;
  supplier_service_id: string | null;
  recipient_structure_id: string | null;
  recipient_service_id: string | null;
  validator_structure_id: string | null;
  issuer_structure_id: string | null;
  billing_mandate_id: string | null;
}

interface HistoryRow {
  seq: number;
  status: InvoiceStatus;
  reform_code: number | null;
  /** Text: timestamps are not parsed on MikroORM's connections. */
  at: string;
  actor_kind: string;
  actor_id: string | null;
  structure_id: string | null;
  service_id: string | null;
  comment: string | null;
  mandate_number: string | null;
}

/** The history, newest first; the supplier does not see a MISE_EN_PAIEMENT the recipient does not report. */
@Injectable()
export class GetInvoiceHistory {
  constructor(
    private readonly em: EntityManager,
    private readonly access: LifecycleAccess,
    private readonly catalog: StructureCatalog,
  ) {}

  /**
   * One bound statement, no entity (architecture D15: a read for display, part of every ERP's
   * synchronisation): the lifecycle's parties, for the access decision, with its entries. The entries of an
   * invoice the caller may not read are read but never returned.
   */
  async execute(actor: Actor, invoiceId: string): Promise<HistoryItem[]> {
    const rows = await rawRows<AccessRow & { [K in keyof HistoryRow]: HistoryRow[K] | null }>(
      this.em,
      `select l.status as state_status, l.supplier_structure_id, l.supplier_service_id, l.recipient_structure_id, l.recipient_service_id, l.validator_structure_id,
              l.issuer_structure_id, l.billing_mandate_id,
              h.seq, h.status, h.reform_code, h.at, h.actor_kind, h.actor_id, h.structure_id, h.service_id, h.comment, h.mandate_number
         from invoice_lifecycle l left join invoice_status_history h on h.invoice_id = l.invoice_id
        where l.invoice_id = ? order by h.seq desc`,
      [invoiceId],
    );
    const state = rows[0];
    if (!state) throw new DomainError(LifecycleErrors.INVOICE_NOT_FOUND);
    const facts = {
      status: state.state_status,
      supplierStructureId: state.supplier_structure_id,
      supplierServiceId: state.supplier_service_id,
      recipientStructureId: state.recipient_structure_id,
      recipientServiceId: state.recipient_service_id,
      validatorStructureId: state.validator_structure_id,
      issuerStructureId: state.issuer_structure_id,
      billingMandateId: state.billing_mandate_id,
    };
    const side = await this.access.sideOf(actor, facts, 'CONSULTATION');
    if (!side) throw new DomainError(LifecycleErrors.INVOICE_NOT_FOUND);
    let entries = rows.filter((r): r is AccessRow & HistoryRow => r.seq !== null);
    // A validator never sees more of the recipient's processing than the supplier does.
    if (side !== 'RECIPIENT' && facts.recipientStructureId) {
      const recipient = await this.catalog.findById(facts.recipientStructureId);
      entries = visibleHistoryForSupplier(entries, recipient?.rules.paymentStatusNotReported ?? false);
    }
    return entries.map((e) => ({
      seq: e.seq,
      status: e.status,
      labelFr: INVOICE_STATUS_LABELS[e.status].fr,
      reformCode: e.reform_code,
      at: new Date(e.at).toISOString(),
      actorKind: e.actor_kind,
      actorId: e.actor_id,
      structureId: e.structure_id,
      serviceId: e.service_id,
      comment: e.comment,
      mandateNumber: e.mandate_number,
    }));
  }
}

/** Statuses the caller may move the invoice to now, from their side. */
@Injectable()
export class GetAllowedTransitions {
  constructor(
    private readonly em: EntityManager,
    private readonly access: LifecycleAccess,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<{ side: Side; status: string; allowed: string[] }> {
    const { state, side } = await this.access.readable(this.em, actor, invoiceId);
    const canAct = (await this.access.sideOf(actor, state, 'MODIFICATION')) === side;
    const status = side === 'RECIPIENT' ? state.status : state.supplierStatus;
    return { side, status, allowed: canAct ? allowedTransitions(state.status, side) : [] };
  }
}

export interface WorklistItem {
  invoiceId: string;
  publicId: number | null;
  number: string | null;
  invoiceDate: string | null;
  status: InvoiceStatus;
  statusChangedAt: string;
  supplierStructureId: string;
  recipientStructureId: string | null;
  amountDue: string | null;
  validatorStructureId: string | null;
}

/** States as list items, with the invoice facts invoicing keeps (number, date, amount): one read for the page. */
async function listItems(invoices: InvoiceCatalog, states: readonly InvoiceState[], status: (s: InvoiceState) => InvoiceStatus): Promise<WorklistItem[]> {
  const facts = new Map((await invoices.findFactsByIds(states.map((s) => s.invoiceId))).map((f) => [f.id, f]));
  return states.map((s) => {
    const f = facts.get(s.invoiceId);
    return {
      invoiceId: s.invoiceId,
      publicId: f?.publicId ?? null,
      number: f?.number ?? null,
      invoiceDate: f?.invoiceDate ?? null,
      status: status(s),
      statusChangedAt: s.statusChangedAt.toISOString(),
      supplierStructureId: s.supplierStructureId,
      recipientStructureId: s.recipientStructureId,
      amountDue: f?.amountDue ?? null,
      validatorStructureId: s.validatorStructureId,
    };
  });
}

/** The supplier's "Synthèse": drafts, invoices to recycle, suspended ones and unacknowledged rejections. */
@Injectable()
export class GetSupplierWorklist {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly invoices: InvoiceCatalog,
  ) {}

  async execute(actor: Actor, limit = 100): Promise<WorklistItem[]> {
    const scopes = await this.authorization.scopesAllowed(actor, 'FACTURES_EMISES', 'CONSULTATION');
    if (scopes.length === 0) return [];
    // Members attached at service level see their service's invoices only.
    const whole = scopes.filter((s) => s.serviceId === null).map((s) => s.structureId);
    const byService = scopes.filter((s) => s.serviceId !== null && !whole.includes(s.structureId));
    const states = await this.em.find(
      InvoiceState,
      {
        $and: [
          { $or: [{ supplierStructureId: { $in: whole } }, ...byService.map((s) => ({ supplierStructureId: s.structureId, supplierServiceId: s.serviceId }))] },
          { $or: [{ status: { $in: SUPPLIER_WORKLIST_STATUSES.filter((s) => s !== 'REJETEE') } }, { status: 'REJETEE', rejectionAcknowledged: false }] },
        ],
      },
      { orderBy: { statusChangedAt: 'desc' }, limit: Math.min(limit, 500) },
    );
    return listItems(this.invoices, states, (s) => s.supplierStatus);
  }
}

/** The statuses a validator finds its invoices in (« Factures à valider »), the first being its work. */
export const VALIDATOR_VISIBLE_STATUSES = ['A_VALIDER_1', 'VALIDEE_1', 'REFUSEE_1'] as const satisfies readonly InvoiceStatus[];

/**
 * « Factures à valider »: the invoices naming one of the caller's structures as validator (where the caller
 * holds Factures à valider), in the given statuses (default: waiting for validation), newest change first.
 * A validated invoice stays in the validator's list under VALIDEE_1 whatever the recipient did since.
 */
@Injectable()
export class GetInvoicesToValidate {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly invoices: InvoiceCatalog,
  ) {}

  async execute(actor: Actor, statuses: readonly InvoiceStatus[] = ['A_VALIDER_1'], limit = 100): Promise<WorklistItem[]> {
    const structures = (await this.authorization.scopesAllowed(actor, 'FACTURES_A_VALIDER', 'CONSULTATION')).map((s) => s.structureId);
    if (structures.length === 0) return [];
    // VALIDEE_1 is where the validator left it: every later status of a validated invoice counts.
    const pending = statuses.filter((s) => s !== 'VALIDEE_1');
    const status: FilterQuery<InvoiceState>[] = pending.length > 0 ? [{ status: { $in: pending } }] : [];
    if (statuses.includes('VALIDEE_1')) status.push({ status: { $nin: ['DEPOSEE', 'A_VALIDER_1', 'REFUSEE_1'] } });
    const states = await this.em.find(
      InvoiceState,
      { validatorStructureId: { $in: structures }, $or: status },
      { orderBy: { statusChangedAt: 'desc' }, limit: Math.min(limit, 500) },
    );
    return listItems(this.invoices, states, (s) => (VALIDATOR_VISIBLE_STATUSES.includes(s.status as never) ? s.status : 'VALIDEE_1'));
  }
}

