import { EntityManager, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { EventActor } from '../../../shared/events/domain-event';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { txOf } from '../../../shared/persistence/tx';
import { LifecycleListener, LifecycleProjection } from '../contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { InvoiceState } from '../domain/invoice-state.entity';
import { InvoiceStatus, reformCodeOf } from '../domain/invoice-status';
import { LifecycleErrors } from '../domain/lifecycle.errors';
import { paymentDeadline, resumedPaymentDeadline } from '../domain/payment-deadline';
import { acceptsMandateNumber, ActorSide, checkTransition, isHiddenFromSupplier } from '../domain/status-machine';
import { StatusHistoryEntry } from '../domain/status-history.entity';

export interface TransitionContext {
  actor: EventActor;
  /** Structure (and service) on whose behalf the change is made. */
  structureId: string | null;
  serviceId?: string | null;
  reason?: string | null;
  mandateNumber?: string | null;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

const projectionOf = (state: InvoiceState): LifecycleProjection => ({
  status: state.status,
  supplierStatus: state.supplierStatus,
  statusChangedAt: state.statusChangedAt,
  paymentDeadline: state.paymentDeadline,
  rejectionAcknowledged: state.rejectionAcknowledged,
});

export const HISTORY_SEQ_UNIQUE = 'invoice_status_history_invoice_id_seq_unique';

/**
 * Two transitions started from the same version: the loser trips either the version check on
 * invoice_lifecycle or, since inserts are flushed first, the (invoice, seq) uniqueness of the history.
 * Both mean "someone else moved this invoice": 409 LIFECYCLE.CONCURRENT_UPDATE.
 */
export function concurrentUpdate(error: unknown): never {
  if (error instanceof OptimisticLockError) throw new DomainError(LifecycleErrors.CONCURRENT_UPDATE);
  if (error instanceof UniqueConstraintViolationException && error.message.includes(HISTORY_SEQ_UNIQUE)) {
    throw new DomainError(LifecycleErrors.CONCURRENT_UPDATE);
  }
  throw error;
}

/**
 * Applies transitions of the status machine to a state, in the caller's transaction: checks each one,
 * moves the dates the rules need (availability, deadline, suspension), writes its history entry and its
 * `lifecycle.status-changed` event, then the invoicing read model once. The version column does the rest.
 */
@Injectable()
export class Transitions {
  constructor(
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly catalog: StructureCatalog,
    private readonly listener: LifecycleListener,
  ) {}

  async apply(em: EntityManager, state: InvoiceState, to: InvoiceStatus, side: ActorSide, ctx: TransitionContext): Promise<void> {
    await this.applyPath(em, state, [to], side, ctx);
  }

  /**
   * Several transitions in a row (routing: EN_COURS_ACHEMINEMENT then MISE_A_DISPOSITION), each checked,
   * recorded and announced; invoicing's read model is told once, with the last status: a status change
   * rewrites every index of `invoice`, so one write instead of one per step.
   */
  async applyPath(em: EntityManager, state: InvoiceState, path: readonly InvoiceStatus[], side: ActorSide, ctx: TransitionContext): Promise<void> {
    if (path.length === 0) return;
    await this.stepPath(em, state, path, side, ctx);
    await this.project(em, state);
  }

  /**
   * The steps of `applyPath` without telling invoicing: for a transition invoicing started, which writes
   * the returned projection on its invoice itself (architecture D25).
   */
  async stepPath(em: EntityManager, state: InvoiceState, path: readonly InvoiceStatus[], side: ActorSide, ctx: TransitionContext): Promise<LifecycleProjection> {
    for (const to of path) await this.step(em, state, to, side, ctx);
    return projectionOf(state);
  }

  /** Tells invoicing's read model (search, export) the state, in the caller's transaction. */
  project(em: EntityManager, state: InvoiceState): Promise<void> {
    return this.listener.statusChanged(txOf(em), state.invoiceId, projectionOf(state));
  }

  private async step(em: EntityManager, state: InvoiceState, to: InvoiceStatus, side: ActorSide, ctx: TransitionContext): Promise<void> {
    const from = state.status;
    const check = checkTransition(from, to, side, { reason: ctx.reason, mandateNumber: ctx.mandateNumber });
    if (!check.ok) {
      if (check.code === 'ILLEGAL_TRANSITION') {
        throw new DomainError(LifecycleErrors.ILLEGAL_TRANSITION, { from, to, allowed: check.allowed.length ? check.allowed : ['—'] }, 'status');
      }
      throw new DomainError(check.code === 'REASON_REQUIRED' ? LifecycleErrors.REASON_REQUIRED : LifecycleErrors.MANDATE_NUMBER_REQUIRED, {}, check.field);
    }
    const now = this.clock.now();
    state.status = to;
    state.statusChangedAt = now;
    if (to === 'MISE_A_DISPOSITION') {
      const recipient = state.recipientStructureId ? await this.catalog.findById(state.recipientStructureId) : null;
      state.madeAvailableAt = now;
      state.paymentDeadline = isoDay(paymentDeadline(now, recipient?.paymentDelayDays ?? 30));
      state.suspendedAt = null;
    } else if (to === 'SUSPENDUE') {
      state.suspendedAt = now;
    } else if (to === 'COMPLETEE' && state.paymentDeadline && state.suspendedAt) {
      state.paymentDeadline = isoDay(resumedPaymentDeadline(new Date(`${state.paymentDeadline}T00:00:00Z`), state.suspendedAt, now));
      state.suspendedAt = null;
    } else if (to === 'DEPOSEE' && from === 'A_RECYCLER') {
      // Re-routed: a new delivery opens a new payment clock.
      state.madeAvailableAt = null;
      state.paymentDeadline = null;
    }
    const mandateNumber = acceptsMandateNumber(from, to, side) ? (ctx.mandateNumber?.trim() || null) : null;
    if (mandateNumber) state.mandateNumber = mandateNumber;
    state.supplierStatus = await this.supplierStatusAfter(state, to);
    state.historyCount += 1;
    const comment = ctx.reason?.trim() || null;
    em.persist(
      new StatusHistoryEntry({
        invoiceId: state.invoiceId,
        seq: state.historyCount,
        status: to,
        reformCode: reformCodeOf(to)?.code ?? null,
        at: now,
        actorKind: ctx.actor.kind,
        actorId: ctx.actor.id ?? null,
        structureId: ctx.structureId,
        serviceId: ctx.serviceId ?? null,
        comment,
        mandateNumber,
      }),
    );
    this.outbox.record(
      em,
      'lifecycle.status-changed',
      {
        invoiceId: state.invoiceId,
        from,
        to,
        supplierStructureId: state.supplierStructureId,
        recipientStructureId: state.recipientStructureId,
        comment,
        paymentDeadline: state.paymentDeadline,
        seq: state.historyCount,
        validatorStructureId: state.validatorStructureId,
      },
      ctx.actor,
    );
  }

  /** The supplier keeps seeing the previous status when the recipient does not report MISE_EN_PAIEMENT. */
  private async supplierStatusAfter(state: InvoiceState, to: InvoiceStatus): Promise<InvoiceStatus> {
    if (to !== 'MISE_EN_PAIEMENT' || !state.recipientStructureId) return to;
    const recipient = await this.catalog.findById(state.recipientStructureId);
    return isHiddenFromSupplier(to, recipient?.rules.paymentStatusNotReported ?? false) ? state.supplierStatus : to;
  }
}
