import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '../../../shared/time/clock';
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

/** A flow still waiting this long after its deposit has lost its job. */
export const STUCK_FLOW_AFTER_MS = 15 * 60 * 1000;

/** Every 10 minutes (worker role): flows stuck before processing are processed (safety net for lost jobs). */
@Injectable()
export class StuckFlowSweep {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly process: ProcessFlow,
  ) {}

  @Cron(CronExpression.EVERY_10_MINUTES, { name: 'invoicing.stuck-flow-sweep' })
  @CreateRequestContext()
  async run(): Promise<number> {
    return this.process.sweep(new Date(this.clock.now().getTime() - STUCK_FLOW_AFTER_MS));
  }
}
