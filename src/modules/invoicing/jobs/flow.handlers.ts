import { Injectable } from '@nestjs/common';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { ProcessFlow } from '../application/flows.use-cases';

@OnDomainEvent('invoicing.flow-deposited', 'invoicing.process-flow')
@Injectable()
export class ProcessDepositedFlow implements DomainEventHandler<'invoicing.flow-deposited'> {
  constructor(private readonly process: ProcessFlow) {}

  handle(event: DomainEventEnvelope<'invoicing.flow-deposited'>): Promise<void> {
    return this.process.execute(event.payload.flowId);
  }
}
