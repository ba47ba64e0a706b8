import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { InvoiceLifecycle, LifecycleView, OpenLifecycle, OverdueCriteria, SubmitLifecycle } from '../contracts/lifecycle';
import { InvoiceState } from '../domain/invoice-state.entity';
import { reformCodeOf } from '../domain/invoice-status';
import { isOverdue, overdueCriteria } from '../domain/payment-deadline';
import { StatusHistoryEntry } from '../domain/status-history.entity';
import { concurrentUpdate, Transitions } from './transitions';

export function viewOf(state: InvoiceState, now: Date): LifecycleView {
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

  async open(em: EntityManager, input: OpenLifecycle): Promise<void> {
    const now = this.clock.now();
    const state = new InvoiceState(input.invoiceId, input.supplierStructureId, now);
    state.supplierServiceId = input.supplierServiceId;
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

  async submit(em: EntityManager, input: SubmitLifecycle): Promise<void> {
    const state = await em.findOneOrFail(InvoiceState, { invoiceId: input.invoiceId });
    state.recipientStructureId = input.recipientStructureId;
    state.recipientServiceId = input.recipientServiceId;
    await this.transitions.apply(em, state, 'DEPOSEE', 'SUPPLIER', {
      actor: input.actor,
      structureId: state.supplierStructureId,
      serviceId: state.supplierServiceId,
    });
    await em.flush().catch(concurrentUpdate);
  }

  async discard(em: EntityManager, invoiceId: string): Promise<void> {
    await em.nativeDelete(StatusHistoryEntry, { invoiceId });
    await em.nativeDelete(InvoiceState, { invoiceId });
  }

  async view(invoiceId: string): Promise<LifecycleView | null> {
    const state = await this.em.findOne(InvoiceState, { invoiceId });
    return state ? viewOf(state, this.clock.now()) : null;
  }

  overdueCriteria(): OverdueCriteria {
    return overdueCriteria(this.clock.now());
  }
}
