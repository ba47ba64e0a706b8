import { MikroORM } from '@mikro-orm/postgresql';
import { PollingLoop } from '../lifecycle/loop-pause';
import { Injectable, Logger, BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { DomainEventEnvelope, DomainEventName, EventActor } from '../events/domain-event';
import { HandlerRegistry } from '../queue/handler-registry';
import { WorkQueue } from '../queue/work-queue';
import { RowChanges } from '../persistence/row-changes';

const BATCH = 200;
export const OUTBOX_CHANNEL = 'outbox_event';

interface OutboxRow {
  id: string;
  type: DomainEventName;
  payload: unknown;
  actor: EventActor;
  occurred_at: Date;
}

/**
 * Publishes committed outbox rows to the queue: claims and marks a batch with FOR UPDATE SKIP LOCKED
 * (several relays may run), then adds one job per subscribed handler that wants the event, the batch in
 * one round trip (jobId = event id + handler, so a re-publish after a crash is deduplicated), all in one
 * transaction. Woken by NOTIFY from an insert trigger, with a poll as a safety net; while Redis is down
 * the rows simply wait.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  /** Rounds in a row that could not publish (Redis down): the pause doubles with each, up to 30 s. */
  private failures = 0;
  /** Woken by a NOTIFY, also one that came during a claim (its events may have committed after the claim's snapshot). */
  private readonly loop = new PollingLoop(async () => {
    try {
      const published = await this.drainOnce();
      this.failures = 0;
      if (published === BATCH) return 0;
    } catch (error) {
      this.failures++;
      this.logger.warn({ err: error, failures: this.failures }, 'Outbox relay could not publish; will retry');
    }
    return this.failures > 0 ? Math.min(this.config.outboxPollMs * 2 ** this.failures, 30_000) : this.config.outboxPollMs;
  });

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: WorkQueue,
    private readonly handlers: HandlerRegistry,
    private readonly config: AppConfig,
    changes: RowChanges,
  ) {
    // Woken by the insert trigger's NOTIFY, on the process's one LISTEN connection.
    if (config.runsWorker) changes.onChannel(OUTBOX_CHANNEL, () => this.loop.wake());
  }

  onApplicationBootstrap(): void {
    if (this.config.runsWorker) this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Publishes one batch; returns how many events it published. Exposed for tests and the bench. */
  async drainOnce(): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      // Claims and marks published in one statement (migration outbox_claim: an index scan in id order,
      // whatever the statistics say); if the queue refuses the batch, the transaction rolls the marks back.
      const rows = await tx.execute<OutboxRow[]>(`select id, type, payload, actor, occurred_at from outbox_claim(${BATCH}) order by id`);
      const jobs: { handlerName: string; envelope: DomainEventEnvelope }[] = [];
      for (const row of rows) {
        const envelope: DomainEventEnvelope = {
          id: row.id,
          type: row.type,
          occurredAt: new Date(row.occurred_at).toISOString(),
          actor: row.actor,
          payload: row.payload as DomainEventEnvelope['payload'],
        };
        for (const handler of this.handlers.handlersFor(row.type)) {
          if (handler.wants(envelope)) jobs.push({ handlerName: handler.name, envelope });
        }
      }
      await this.queue.publishToHandlers(jobs);
      return rows.length;
    });
  }
}
