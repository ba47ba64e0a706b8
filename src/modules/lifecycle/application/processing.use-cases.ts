import { EntityManager, TransactionPropagation } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { txOf } from '../../../shared/persistence/tx';
import { CorrectedRouting, LifecycleListener, LifecycleView } from '../contracts/lifecycle';
import { InvoiceState } from '../domain/invoice-state.entity';
import { InvoiceStatus, isInvoiceStatus } from '../domain/invoice-status';
import { LifecycleErrors } from '../domain/lifecycle.errors';
import { checkRejectionAcknowledgement } from '../domain/status-machine';
import { Clock } from '../../../shared/time/clock';
import { viewOf } from './invoice-lifecycle.service';
import { eventActorOf, LifecycleAccess } from './lifecycle-access';
import { concurrentUpdate, Transitions } from './transitions';

export interface StatusChangeInput {
  status: string;
  reason?: string;
  mandateNumber?: string;
}

/**
 * The recipient processes an invoice ("traiter"): suspend, send back for recycling, reject, certify, mandate,
 * pay… The validator of a validation circuit decides the same way (`side` VALIDATOR: VALIDEE_1, or REFUSEE_1
 * with a reason); a validated invoice then goes through routing to the recipient (`lifecycle.invoice-validated`).
 * Of two concurrent decisions on one invoice, the version check lets exactly one commit.
 */
@Injectable()
export class ChangeInvoiceStatus {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly access: LifecycleAccess,
    private readonly transitions: Transitions,
  ) {}

  async execute(actor: Actor, invoiceId: string, input: StatusChangeInput, side: 'RECIPIENT' | 'VALIDATOR' = 'RECIPIENT'): Promise<LifecycleView> {
    if (!isInvoiceStatus(input.status)) throw new DomainError(LifecycleErrors.STATUS_UNKNOWN, { status: input.status }, 'status');
    const status = input.status;
    const state = await this.em
      .transactional(async (em) => {
        const state = await this.access.forAction(em, actor, invoiceId, side);
        const validator = side === 'VALIDATOR';
        await this.transitions.apply(em, state, status, side, {
          actor: eventActorOf(actor),
          // The history names who decided: the recipient (and its service), or the validating structure.
          structureId: validator ? state.validatorStructureId : state.recipientStructureId,
          serviceId: validator ? null : state.recipientServiceId,
          reason: input.reason,
          mandateNumber: input.mandateNumber,
        });
        if (state.status === 'VALIDEE_1') this.outbox.record(em, 'lifecycle.invoice-validated', { invoiceId }, eventActorOf(actor));
        await em.flush();
        return state;
      })
      .catch(concurrentUpdate);
    return viewOf(state, this.clock.now());
  }
}

/** The supplier completes a suspended invoice (comment; additional files are uploaded beforehand). */
@Injectable()
export class CompleteInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly access: LifecycleAccess,
    private readonly transitions: Transitions,
  ) {}

  async execute(actor: Actor, invoiceId: string, comment: string | undefined): Promise<LifecycleView> {
    const state = await this.em
      .transactional(async (em) => {
        const state = await this.access.forAction(em, actor, invoiceId, 'SUPPLIER');
        await this.transitions.apply(em, state, 'COMPLETEE', 'SUPPLIER', {
          actor: eventActorOf(actor),
          structureId: state.supplierStructureId,
          serviceId: state.supplierServiceId,
          reason: comment,
        });
        await em.flush();
        return state;
      })
      .catch(concurrentUpdate);
    return viewOf(state, this.clock.now());
  }
}

/**
 * The supplier recycles an invoice sent back as A_RECYCLER: corrected recipient/service/engagement
 * (checked with the submission's routing rules), same number, back to DEPOSEE and through routing.
 */
@Injectable()
export class RecycleInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly access: LifecycleAccess,
    private readonly transitions: Transitions,
    private readonly listener: LifecycleListener,
  ) {}

  async execute(actor: Actor, invoiceId: string, routing: CorrectedRouting & { comment?: string }): Promise<LifecycleView> {
    const state = await this.em
      .transactional(async (em) => {
        const state = await this.access.forAction(em, actor, invoiceId, 'SUPPLIER');
        if (state.status !== 'A_RECYCLER') {
          throw new DomainError(LifecycleErrors.ILLEGAL_TRANSITION, { from: state.status, to: 'DEPOSEE', allowed: ['—'] }, 'status');
        }
        const routed = await this.listener.rerouted(txOf(em), invoiceId, routing);
        state.recipientStructureId = routed.recipientStructureId;
        state.recipientServiceId = routed.recipientServiceId;
        await this.transitions.apply(em, state, 'DEPOSEE', 'SUPPLIER', {
          actor: eventActorOf(actor),
          structureId: state.supplierStructureId,
          serviceId: state.supplierServiceId,
          reason: routing.comment,
        });
        this.outbox.record(em, 'lifecycle.invoice-recycled', { invoiceId }, eventActorOf(actor));
        await em.flush();
        return state;
      })
      .catch(concurrentUpdate);
    return viewOf(state, this.clock.now());
  }
}

/** "Traiter le rejet": the supplier acknowledges a rejection; the status stays REJETEE. */
@Injectable()
export class AcknowledgeRejection {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly access: LifecycleAccess,
    private readonly transitions: Transitions,
  ) {}

  async execute(actor: Actor, invoiceId: string): Promise<LifecycleView> {
    const state = await this.em
      .transactional(async (em) => {
        const state = await this.access.forAction(em, actor, invoiceId, 'SUPPLIER');
        const check = checkRejectionAcknowledgement(state.status, state.rejectionAcknowledged);
        if (!check.ok) throw new DomainError(check.code === 'NOT_REJECTED' ? LifecycleErrors.NOT_REJECTED : LifecycleErrors.ALREADY_ACKNOWLEDGED);
        state.rejectionAcknowledged = true;
        await this.transitions.project(em, state);
        await em.flush();
        return state;
      })
      .catch(concurrentUpdate);
    return viewOf(state, this.clock.now());
  }
}

/** What routing still has to do from a status: nothing once the invoice was made available (a replay). */
function routingPath(status: string): InvoiceStatus[] {
  if (status === 'DEPOSEE') return ['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'];
  if (status === 'EN_COURS_ACHEMINEMENT') return ['MISE_A_DISPOSITION'];
  // Validated by its validator: on to the recipient. A_VALIDER_1 waits for the validator's decision.
  if (status === 'VALIDEE_1') return ['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'];
  return [];
}

/**
 * The routing worker: DEPOSEE → EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION. Idempotent. It joins the
 * job's transaction (no savepoint) and writes both steps at once: two history rows and two events in one
 * insert each, one update of the state, one of the invoicing read model (a submission's work is mostly
 * round trips to PostgreSQL, architecture D18).
 */
@Injectable()
export class RouteInvoice {
  constructor(
    private readonly em: EntityManager,
    private readonly transitions: Transitions,
  ) {}

  async execute(invoiceId: string): Promise<void> {
    await this.em.transactional(
      async (em) => {
        const state = await em.findOne(InvoiceState, { invoiceId });
        if (!state) return;
        const system = { actor: { kind: 'system' as const }, structureId: null };
        await this.transitions.applyPath(em, state, routingPath(state.status), 'SYSTEM', system);
        await em.flush();
      },
      { propagation: TransactionPropagation.REQUIRED },
    );
  }
}
