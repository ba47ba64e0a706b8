import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { MikroORM, CreateRequestContext } from '@mikro-orm/core';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, HandlesJob, JobHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { WorkQueue } from '../../../shared/queue/work-queue';
import { PENDING_ACCOUNT_LIFETIME_MS, } from '../application/request-activation-link.use-case';
import { PurgePendingAccounts } from '../application/purge-pending-accounts.use-case';

/** A delayed job per account is the trigger; the row's dates decide (the job may run late, early or twice). */
@OnDomainEvent('accounts.user-registered', 'accounts.schedule-pending-purge')
@Injectable()
export class SchedulePendingPurge implements DomainEventHandler<'accounts.user-registered'> {
  constructor(private readonly queue: WorkQueue) {}

  async handle(event: DomainEventEnvelope<'accounts.user-registered'>): Promise<void> {
    await this.queue.schedule(
      'accounts.purge-pending-account',
      { userId: event.payload.userId },
      { delayMs: PENDING_ACCOUNT_LIFETIME_MS + 60_000, jobId: `purge-pending.${event.payload.userId}` },
    );
  }
}

@HandlesJob('accounts.purge-pending-account')
@Injectable()
export class PurgePendingAccountJob implements JobHandler<'accounts.purge-pending-account'> {
  constructor(private readonly purge: PurgePendingAccounts) {}

  async handle(data: { userId: string }): Promise<void> {
    await this.purge.execute(data.userId);
  }
}

/** Safety net for lost delayed jobs (Redis flushed, job removed): hourly sweep of expired pending accounts. */
@Injectable()
export class PendingPurgeSweep {
  constructor(
    private readonly orm: MikroORM,
    private readonly purge: PurgePendingAccounts,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'accounts.pending-purge-sweep' })
  @CreateRequestContext()
  async run(): Promise<number> {
    return this.purge.execute();
  }
}
