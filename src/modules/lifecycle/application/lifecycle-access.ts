import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { GrantLevel } from '../../habilitations/contracts/applications';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceState } from '../domain/invoice-state.entity';
import { LifecycleErrors } from '../domain/lifecycle.errors';
import { isBeforeRecipient } from '../contracts/lifecycle';

export type Side = 'SUPPLIER' | 'RECIPIENT' | 'VALIDATOR';

// Typed: a status of the contract's list that the machine does not know would not compile.
/** What deciding a side reads of the lifecycle: the entity, or a row read for display. */
export type AccessFacts = Pick<
  InvoiceState,
  'status' | 'supplierStructureId' | 'supplierServiceId' | 'recipientStructureId' | 'recipientServiceId' | 'validatorStructureId' | 'issuerStructureId' | 'billingMandateId'
>;

// The shared kernel's, re-exported for this context's use cases.
export { eventActorOf } from '../../../shared/events/domain-event';

/**
 * Loads an invoice's lifecycle for an actor: 404 when the actor cannot read it on either side (nothing
 * disclosed), 403 when they can read but not act.
 */
@Injectable()
export class LifecycleAccess {
  constructor(private readonly authorization: Authorization) {}

  async sideOf(actor: Actor, state: AccessFacts, level: GrantLevel): Promise<Side | null> {
    if (
      state.status !== 'BROUILLON' &&
      !isBeforeRecipient(state.status) &&
      state.recipientStructureId &&
      (await this.authorization.allows(actor, state.recipientStructureId, 'FACTURES_RECUES', level, state.recipientServiceId))
    ) {
      return 'RECIPIENT';
    }
    if (
      (await this.authorization.allows(actor, state.supplierStructureId, 'FACTURES_EMISES', level, state.supplierServiceId)) ||
      (await this.asIssuer(actor, state, level))
    ) {
      return 'SUPPLIER';
    }
    // The validating structure's users with « Factures à valider » see the invoices naming it, and only those.
    if (state.validatorStructureId && (await this.authorization.allows(actor, state.validatorStructureId, 'FACTURES_A_VALIDER', level))) {
      return 'VALIDATOR';
    }
    return null;
  }

  async readable(em: EntityManager, actor: Actor, invoiceId: string): Promise<{ state: InvoiceState; side: Side }> {
    const state = await em.findOne(InvoiceState, { invoiceId });
    if (!state) throw new DomainError(LifecycleErrors.INVOICE_NOT_FOUND);
    const side = await this.sideOf(actor, state, 'CONSULTATION');
    if (!side) throw new DomainError(LifecycleErrors.INVOICE_NOT_FOUND);
    return { state, side };
  }

  /** For an action of `side` with MODIFICATION on the matching application. */
  async forAction(em: EntityManager, actor: Actor, invoiceId: string, side: Side): Promise<InvoiceState> {
    const { state } = await this.readable(em, actor, invoiceId);
    if (side === 'RECIPIENT') {
      if (!state.recipientStructureId || state.status === 'BROUILLON') throw new DomainError(LifecycleErrors.INVOICE_NOT_FOUND);
      await this.authorization.require(actor, state.recipientStructureId, 'FACTURES_RECUES', 'MODIFICATION', state.recipientServiceId);
    } else if (side === 'VALIDATOR') {
      if (!state.validatorStructureId) throw new DomainError(LifecycleErrors.INVOICE_NOT_FOUND);
      await this.authorization.require(actor, state.validatorStructureId, 'FACTURES_A_VALIDER', 'MODIFICATION');
    } else if (!(await this.asIssuer(actor, state, 'MODIFICATION'))) {
      await this.authorization.require(actor, state.supplierStructureId, 'FACTURES_EMISES', 'MODIFICATION', state.supplierServiceId);
    }
    return state;
  }

  /** The mandatary that issued the invoice under a billing mandate acts on the supplier's side (habilitations' rule). */
  private asIssuer(actor: Actor, state: AccessFacts, level: GrantLevel): Promise<boolean> {
    return this.authorization.allowsAsIssuer(
      actor,
      { supplierStructureId: state.supplierStructureId, issuerStructureId: state.issuerStructureId, mandateId: state.billingMandateId },
      level,
    );
  }
}
