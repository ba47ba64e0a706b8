import { Injectable } from '@nestjs/common';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { InvoiceCatalog, InvoiceFacts } from '../../invoicing/contracts/invoices';
import { BEFORE_RECIPIENT_STATUSES } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { TicketCatalog } from '../../support/contracts/tickets';
import { EventDraft, PublishWebhookEvents } from '../application/publish-events';

/**
 * Before these, the recipient does not see the invoice: no event on its side. A validation circuit's steps
 * (with the validator, refused by it, validated and not yet routed) are not the recipient's either.
 */
const BEFORE_DELIVERY = new Set<string>(['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', ...BEFORE_RECIPIENT_STATUSES, 'VALIDEE_1']);
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
    // The recipient when the status changed, not when this runs: an invoice sent back (A_RECYCLER) may have
    // been recycled to another recipient since, which must not hear of the first one's steps. Its service is
    // known only while the routing is the same; otherwise the event goes to that structure's whole-structure
    // holders only, and names no service.
    const recipientStructureId = event.payload.recipientStructureId ?? null;
    const sameRouting = recipientStructureId === facts.recipientStructureId;
    const recipientServiceId = sameRouting ? facts.recipientServiceId : null;
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
      recipientStructureId,
      recipientServiceId,
      recipientServiceCode: sameRouting ? facts.recipientServiceCode : null,
      engagementNumber: facts.engagementNumber,
      amountDue: facts.amountDue,
      currency: facts.currency,
    };
    const occurredAt = new Date(event.occurredAt);
    const common = { orderingKey: facts.id, occurredAt };
    const drafts: EventDraft[] = [];
    const recipient = recipientStructureId ? await this.structures.findById(recipientStructureId) : null;
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
    // The recipient hears of the invoice from its delivery on, and not of its recycling (A_RECYCLER → DEPOSEE:
    // the invoice leaves it, and the next recipient hears of it once delivered).
    if (recipientStructureId && (to === 'MISE_A_DISPOSITION' || (!BEFORE_DELIVERY.has(from) && !BEFORE_DELIVERY.has(to)))) {
      const side = {
        ...common,
        structureId: recipientStructureId,
        application: 'FACTURES_RECUES' as const,
        serviceId: sameRouting ? recipientServiceId : undefined,
        data: { ...data, side: 'RECIPIENT' },
      };
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

/**
 * A membership request, to those whose inbox holds it: its approvers (Organisation – modification, attached to
 * the whole structure: a service-level member is no approver, whatever his grants).
 */
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
        level: 'MODIFICATION',
        serviceId: null,
        orderingKey: null,
        occurredAt: new Date(event.occurredAt),
        data: { requestId, structureId, userId },
      },
    ]);
  }
}

type TicketChange = { kind: 'OPENED' } | { kind: 'STATUS_CHANGED'; from: string; to: string; by: string; activityId: string } | { kind: 'MESSAGE_ADDED'; by: string; activityId: string };

/**
 * `ticket.updated`: a ticket was opened, changed status or got a message, to each side's holders of its
 * application (Sollicitations émises on the emitting structure, Sollicitations reçues on the receiving one),
 * within the ticket's service on that side, as the tickets' own access rule has it. Platform tickets have
 * no receiving structure: only their emitter hears of them.
 */
@Injectable()
export class TicketEvents {
  constructor(
    private readonly publish: PublishWebhookEvents,
    private readonly tickets: TicketCatalog,
  ) {}

  async changed(ticketId: string, occurredAt: string, change: TicketChange): Promise<void> {
    const ticket = await this.tickets.findFacts(ticketId);
    if (!ticket) return;
    const data = {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      title: ticket.title,
      // A status change says its own; other changes do not move the status: the ticket's, as it is now.
      status: change.kind === 'STATUS_CHANGED' ? change.to : ticket.status,
      change: change.kind,
      previousStatus: change.kind === 'STATUS_CHANGED' ? change.from : null,
      by: change.kind === 'OPENED' ? 'EMITTER' : change.by,
      activityId: change.kind === 'OPENED' ? null : change.activityId,
      categoryCode: ticket.categoryCode,
      subCategoryCode: ticket.subCategoryCode,
      invoiceId: ticket.invoiceId,
      emitterStructureId: ticket.emitterStructureId,
      receiverStructureId: ticket.receiverStructureId,
    };
    const common = { type: 'ticket.updated' as const, orderingKey: ticket.id, occurredAt: new Date(occurredAt) };
    const drafts: EventDraft[] = [];
    if (ticket.emitterStructureId) {
      drafts.push({ ...common, structureId: ticket.emitterStructureId, application: 'SOLLICITATIONS_EMISES', serviceId: ticket.emitterServiceId, data: { ...data, side: 'EMITTER' } });
    }
    if (ticket.receiverStructureId) {
      drafts.push({ ...common, structureId: ticket.receiverStructureId, application: 'SOLLICITATIONS_RECUES', serviceId: ticket.receiverServiceId, data: { ...data, side: 'RECEIVER' } });
    }
    await this.publish.publish(drafts);
  }
}

@OnDomainEvent('support.ticket-opened', 'webhooks.ticket-opened')
@Injectable()
export class TicketOpenedEvents implements DomainEventHandler<'support.ticket-opened'> {
  constructor(private readonly tickets: TicketEvents) {}

  handle(event: DomainEventEnvelope<'support.ticket-opened'>): Promise<void> {
    return this.tickets.changed(event.payload.ticketId, event.occurredAt, { kind: 'OPENED' });
  }
}

@OnDomainEvent('support.ticket-status-changed', 'webhooks.ticket-status-changed')
@Injectable()
export class TicketStatusEvents implements DomainEventHandler<'support.ticket-status-changed'> {
  constructor(private readonly tickets: TicketEvents) {}

  handle(event: DomainEventEnvelope<'support.ticket-status-changed'>): Promise<void> {
    const { ticketId, from, to, by, activityId } = event.payload;
    return this.tickets.changed(ticketId, event.occurredAt, { kind: 'STATUS_CHANGED', from, to, by, activityId });
  }
}

@OnDomainEvent('support.ticket-message-added', 'webhooks.ticket-message-added')
@Injectable()
export class TicketMessageEvents implements DomainEventHandler<'support.ticket-message-added'> {
  constructor(private readonly tickets: TicketEvents) {}

  handle(event: DomainEventEnvelope<'support.ticket-message-added'>): Promise<void> {
    const { ticketId, by, activityId } = event.payload;
    return this.tickets.changed(ticketId, event.occurredAt, { kind: 'MESSAGE_ADDED', by, activityId });
  }
}

export const WEBHOOK_EVENT_SOURCES = [InvoiceStatusEvents, FlowEvents, MembershipRequestEvents, TicketOpenedEvents, TicketStatusEvents, TicketMessageEvents];
