import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceCatalog } from '../../invoicing/contracts/invoices';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { InvoiceState } from '../domain/invoice-state.entity';
import { INVOICE_STATUS_LABELS, InvoiceStatus } from '../domain/invoice-status';
import { allowedTransitions, SUPPLIER_WORKLIST_STATUSES, visibleHistoryForSupplier } from '../domain/status-machine';
import { StatusHistoryEntry } from '../domain/status-history.entity';
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

/** The history, newest first; the supplier does not see a MISE_EN_PAIEMENT the recipient does not report. */
@Injectable()
export class GetInvoiceHistory {
  constructor(
    private readonly em: EntityManager,
    private readonly access: LifecycleAccess,
    private readonly catalog: StructureCatalog,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<HistoryItem[]> {
    const { state, side } = await this.access.readable(this.em, actor, invoiceId);
    let entries = await this.em.find(StatusHistoryEntry, { invoiceId }, { orderBy: { seq: 'desc' } });
    if (side === 'SUPPLIER' && state.recipientStructureId) {
      const recipient = await this.catalog.findById(state.recipientStructureId);
      entries = visibleHistoryForSupplier(entries, recipient?.rules.paymentStatusNotReported ?? false);
    }
    return entries.map((e) => ({
      seq: e.seq,
      status: e.status,
      labelFr: INVOICE_STATUS_LABELS[e.status].fr,
      reformCode: e.reformCode,
      at: e.at.toISOString(),
      actorKind: e.actorKind,
      actorId: e.actorId,
      structureId: e.structureId,
      serviceId: e.serviceId,
      comment: e.comment,
      mandateNumber: e.mandateNumber,
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
    const status = side === 'SUPPLIER' ? state.supplierStatus : state.status;
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
    const facts = new Map((await this.invoices.findFactsByIds(states.map((s) => s.invoiceId))).map((f) => [f.id, f]));
    return states.map((s) => {
      const f = facts.get(s.invoiceId);
      return {
        invoiceId: s.invoiceId,
        publicId: f?.publicId ?? null,
        number: f?.number ?? null,
        invoiceDate: f?.invoiceDate ?? null,
        status: s.supplierStatus,
        statusChangedAt: s.statusChangedAt.toISOString(),
        supplierStructureId: s.supplierStructureId,
        recipientStructureId: s.recipientStructureId,
        amountDue: f?.amountDue ?? null,
      };
    });
  }
}

