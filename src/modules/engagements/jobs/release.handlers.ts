import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import '../../lifecycle/contracts/events';
import { MikroEngagementLedger } from '../application/engagement-ledger';

/**
 * A rejected invoice stops counting: what it consumed of its engagement is left again. So does an invoice its
 * validator refused (REFUSEE_1, final: the supplier deposits a corrected one, which needs what it consumed).
 */
@OnDomainEvent('lifecycle.status-changed', 'engagements.release-rejected', ({ to }) => to === 'REJETEE' || to === 'REFUSEE_1')
@Injectable()
export class ReleaseRejectedInvoice implements DomainEventHandler<'lifecycle.status-changed'> {
  constructor(
    private readonly em: EntityManager,
    private readonly ledger: MikroEngagementLedger,
  ) {}

  handle(event: DomainEventEnvelope<'lifecycle.status-changed'>): Promise<void> {
    return this.ledger.release(this.em, event.payload.invoiceId, event.payload.to === 'REFUSEE_1' ? 'REFUSEE_1' : 'REJETEE');
  }
}
