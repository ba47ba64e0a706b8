import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { emOf, Tx } from '../../../shared/persistence/tx';
import { InvoiceLifecycle, LifecycleProjection, LifecycleView, OpenLifecycle, OverdueCriteria, SubmitLifecycle } from '../contracts/lifecycle';
import { InvoiceState } from '../domain/invoice-state.entity';
import { InvoiceStatus, isInvoiceStatus, reformCodeOf } from '../domain/invoice-status';
import { isOverdue, overdueCriteria } from '../domain/payment-deadline';
import { StatusHistoryEntry } from '../domain/status-history.entity';
import { Transitions } from './transitions';

/** What a view of the lifecycle reads: an entity, or the row `view` reads. */
type ViewedState = Pick<
  InvoiceState,
  'invoiceId' | 'status' | 'supplierStatus' | 'statusChangedAt' | 'madeAvailableAt' | 'paymentDeadline' | 'rejectionAcknowledged' | 'validatorStructureId'
>;

export function viewOf(state: ViewedState, now: Date): LifecycleView {
  return {
    invoiceId: state.invoiceId,
    status: state.status,
    supplierStatus: state.supplierStatus,
    reformCode: reformCodeOf(state.status)?.code ?? null,
    supplierReformCode: reformCodeOf(state.supplierStatus)?.code ?? null,
    statusChangedAt: state.statusChangedAt,
    madeAvailableAt: state.madeAvailableAt,
    paymentDeadline: state.paymentDeadline,
    overdue: state.paymentDeadline ? isOverdue(new Date(`${state.paymentDeadline}T00:00:00Z`), now, state.status) : false,
    rejectionAcknowledged: state.rejectionAcknowledged,
    validatorStructureId: state.validatorStructureId,
  };
}

/** The lifecycle as invoicing sees it: open at draft creation, submit, discard, read. */
@Injectable()
export class InvoiceLifecycleService extends InvoiceLifecycle {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly transitions: Transitions,
  ) {
    super();
  }

  async open(tx: Tx, input: OpenLifecycle): Promise<void> {
    const em = emOf(tx);
    const now = input.at ?? this.clock.now();
    const state = new InvoiceState(input.invoiceId, input.supplierStructureId, now);
    state.supplierServiceId = input.supplierServiceId;
    state.issuerStructureId = input.issuance?.issuerStructureId ?? null;
    state.billingMandateId = input.issuance?.mandateId ?? null;
    state.historyCount = 1;
    em.persist(state);
    em.persist(
      new StatusHistoryEntry({
        invoiceId: input.invoiceId,
        seq: 1,
        status: 'BROUILLON',
        reformCode: null,
        at: now,
        actorKind: input.actor.kind,
        actorId: input.actor.id ?? null,
        structureId: input.supplierStructureId,
        serviceId: input.supplierServiceId,
        comment: null,
        mandateNumber: null,
      }),
    );
  }

  async submit(tx: Tx, input: SubmitLifecycle): Promise<LifecycleProjection> {
    const em = emOf(tx);
    const state = await em.findOneOrFail(InvoiceState, { invoiceId: input.invoiceId });
    state.supplierServiceId = input.supplierServiceId;
    state.recipientStructureId = input.recipientStructureId;
    state.recipientServiceId = input.recipientServiceId;
    state.validatorStructureId = input.validatorStructureId;
    const deposited = await this.transitions.stepPath(em, state, ['DEPOSEE'], 'SUPPLIER', {
      actor: input.actor,
      structureId: state.supplierStructureId,
      serviceId: state.supplierServiceId,
    });
    if (!state.validatorStructureId) return deposited;
    // A validation circuit: straight to the validator in the same transaction, so that the recipient never
    // sees it before validation (no DEPOSEE moment between two transactions). Routing then waits for VALIDEE_1.
    return this.transitions.stepPath(em, state, ['A_VALIDER_1'], 'SYSTEM', { actor: { kind: 'system' }, structureId: null });
  }

  async draftMoved(tx: Tx, invoiceId: string, supplierServiceId: string | null): Promise<void> {
    await emOf(tx).nativeUpdate(InvoiceState, { invoiceId, status: 'BROUILLON' }, { supplierServiceId });
  }

  async discard(tx: Tx, invoiceId: string): Promise<void> {
    const em = emOf(tx);
    await em.nativeDelete(StatusHistoryEntry, { invoiceId });
    await em.nativeDelete(InvoiceState, { invoiceId });
  }

  /**
   * A read for display (every invoice read, portal and API mode): one bound statement rather than an entity
   * load (architecture D15), since nothing is changed here.
   */
  async view(invoiceId: string): Promise<LifecycleView | null> {
    const [row] = await rawRows<{
      status: InvoiceStatus;
      supplier_status: InvoiceStatus;
      status_changed_at: string;
      made_available_at: string | null;
      payment_deadline: string | null;
      rejection_acknowledged: boolean;
      validator_structure_id: string | null;
    }>(
      this.em,
      // Dates and timestamps come as text on MikroORM's connections: the deadline stays YYYY-MM-DD, instants are parsed.
      `select status, supplier_status, status_changed_at, made_available_at, payment_deadline, rejection_acknowledged, validator_structure_id
         from invoice_lifecycle where invoice_id = ?`,
      [invoiceId],
    );
    if (!row) return null;
    return viewOf(
      {
        invoiceId,
        status: row.status,
        supplierStatus: row.supplier_status,
        statusChangedAt: new Date(row.status_changed_at),
        madeAvailableAt: row.made_available_at === null ? null : new Date(row.made_available_at),
        paymentDeadline: row.payment_deadline,
        rejectionAcknowledged: row.rejection_acknowledged,
        validatorStructureId: row.validator_structure_id,
      },
      this.clock.now(),
    );
  }

  reformCodeOf(status: string): number | null {
    return isInvoiceStatus(status) ? (reformCodeOf(status)?.code ?? null) : null;
  }

  overdueCriteria(): OverdueCriteria {
    return overdueCriteria(this.clock.now());
  }
}
