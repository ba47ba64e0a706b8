import { MikroORM } from '@mikro-orm/postgresql';
import { LoopPause } from '../lifecycle/loop-pause';
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
  private running = false;
  private loop?: Promise<void>;
  /** Woken by a NOTIFY, also one that came during a claim (its events may have committed after the claim's snapshot). */
  private readonly pause = new LoopPause();

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: WorkQueue,
    private readonly handlers: HandlerRegistry,
    private readonly config: AppConfig,
    changes: RowChanges,
  ) {
    // Woken by the insert trigger's NOTIFY, on the process's one LISTEN connection.
    if (config.runsWorker) changes.onChannel(OUTBOX_CHANNEL, () => this.pause.wake());
  }

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.pause.stop();
    await this.loop;
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

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pause.begin();
      try {
        const published = await this.drainOnce();
        failures = 0;
        if (published === BATCH) continue;
      } catch (error) {
        failures++;
        this.logger.warn({ err: error, failures }, 'Outbox relay could not publish; will retry');
      }
      await this.pause.sleep(failures > 0 ? Math.min(this.config.outboxPollMs * 2 ** failures, 30_000) : this.config.outboxPollMs);
    }
  }
}
