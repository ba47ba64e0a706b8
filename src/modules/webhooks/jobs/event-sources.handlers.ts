import { Injectable } from '@nestjs/common';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { InvoiceCatalog, InvoiceFacts } from '../../invoicing/contracts/invoices';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { EventDraft, PublishWebhookEvents } from '../application/publish-events';

/** Before these, the recipient does not see the invoice: no event on its side. */
const BEFORE_DELIVERY = new Set(['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT']);
const INTEGRATED_FLOW_STATES = new Set(['IN_INTEGRE', 'IN_INTEGRE_PARTIEL']);

/**
 * A status change, as each side may see it: the supplier's holders of Factures émises (not a payment status
 * the recipient does not report), the recipient's holders of Factures reçues once the invoice reached it
 * (plus `invoice.received` when it is made available), each within the invoice's service on that side.
 * Queued in history order per invoice.
 */
@OnDomainEvent('lifecycle.status-changed', 'webhooks.invoice-status-changed')
@Injectable()
export class InvoiceStatusEvents implements DomainEventHandler<'lifecycle.status-changed'> {
  constructor(
    private readonly publish: PublishWebhookEvents,
    private readonly invoices: InvoiceCatalog,
    private readonly structures: StructureCatalog,
  ) {}

  async handle(event: DomainEventEnvelope<'lifecycle.status-changed'>): Promise<void> {
    const { invoiceId, seq } = event.payload;
    await this.publish.inOrder(invoiceId, seq, async () => {
      const facts = await this.invoices.findFacts(invoiceId);
      return facts ? this.drafts(event, facts) : [];
    });
  }

  private async drafts(event: DomainEventEnvelope<'lifecycle.status-changed'>, facts: InvoiceFacts): Promise<EventDraft[]> {
    const { from, to, comment, paymentDeadline } = event.payload;
    const data = {
      invoiceId: facts.id,
      invoiceNumber: facts.number,
      publicId: facts.publicId,
      invoiceDate: facts.invoiceDate,
      invoiceType: facts.type,
      status: to,
      previousStatus: from,
      comment,
      paymentDeadline: paymentDeadline ?? null,
      supplierStructureId: facts.supplierStructureId,
      supplierServiceId: facts.supplierServiceId,
      recipientStructureId: facts.recipientStructureId,
      recipientServiceId: facts.recipientServiceId,
      recipientServiceCode: facts.recipientServiceCode,
      engagementNumber: facts.engagementNumber,
      amountDue: facts.amountDue,
      currency: facts.currency,
    };
    const occurredAt = new Date(event.occurredAt);
    const common = { orderingKey: facts.id, occurredAt };
    const drafts: EventDraft[] = [];
    const recipient = facts.recipientStructureId ? await this.structures.findById(facts.recipientStructureId) : null;
    if (!(to === 'MISE_EN_PAIEMENT' && recipient?.rules.paymentStatusNotReported)) {
      drafts.push({
        ...common,
        type: 'invoice.status-changed',
        structureId: facts.supplierStructureId,
        application: 'FACTURES_EMISES',
        serviceId: facts.supplierServiceId,
        data: { ...data, side: 'SUPPLIER' },
      });
    }
    if (facts.recipientStructureId && (to === 'MISE_A_DISPOSITION' || !BEFORE_DELIVERY.has(from))) {
      const side = { ...common, structureId: facts.recipientStructureId, application: 'FACTURES_RECUES' as const, serviceId: facts.recipientServiceId, data: { ...data, side: 'RECIPIENT' } };
      drafts.push({ ...side, type: 'invoice.status-changed' });
      if (to === 'MISE_A_DISPOSITION') drafts.push({ ...side, type: 'invoice.received' });
    }
    return drafts;
  }
}

/** A flow's final state, to the depositing structure's holders of Suivi des flux. */
@OnDomainEvent('invoicing.flow-processed', 'webhooks.flow-processed')
@Injectable()
export class FlowEvents implements DomainEventHandler<'invoicing.flow-processed'> {
  constructor(private readonly publish: PublishWebhookEvents) {}

  handle(event: DomainEventEnvelope<'invoicing.flow-processed'>): Promise<void> {
    const { flowId, flowNumber, structureId, state, invoiceIds } = event.payload;
    return this.publish.publish([
      {
        type: INTEGRATED_FLOW_STATES.has(state) ? 'flow.integrated' : 'flow.rejected',
        structureId,
        application: 'SUIVI_FLUX',
        orderingKey: flowId,
        occurredAt: new Date(event.occurredAt),
        data: { flowId, flowNumber, state, invoiceIds },
      },
    ]);
  }
}

/** A membership request, to those who may see the structure's organisation (its approvers among them). */
@OnDomainEvent('habilitations.membership-requested', 'webhooks.membership-requested')
@Injectable()
export class MembershipRequestEvents implements DomainEventHandler<'habilitations.membership-requested'> {
  constructor(private readonly publish: PublishWebhookEvents) {}

  handle(event: DomainEventEnvelope<'habilitations.membership-requested'>): Promise<void> {
    const { requestId, structureId, userId } = event.payload;
    return this.publish.publish([
      {
        type: 'membership.requested',
        structureId,
        application: 'ORGANISATION',
        orderingKey: null,
        occurredAt: new Date(event.occurredAt),
        data: { requestId, structureId, userId },
      },
    ]);
  }
}

export const WEBHOOK_EVENT_SOURCES = [InvoiceStatusEvents, FlowEvents, MembershipRequestEvents];
