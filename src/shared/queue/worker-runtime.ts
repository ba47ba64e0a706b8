import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { DomainEventEnvelope } from '../events/domain-event';
import { hideSqlValues } from '../logging/sql-redaction';
import { HANDLED_EVENT_TABLE } from '../outbox/handled-event.entity';
import { Clock } from '../time/clock';
import { within } from '../lifecycle/graceful-shutdown';
import { HandlerRegistry } from './handler-registry';
import { lockOptions } from './locks';
import { createRedis } from './redis';
import { WORK_QUEUE_NAME } from './work-queue';

/**
 * The consumer side (worker role): one BullMQ worker dispatching by job name. Each job runs in its own
 * MikroORM context; an event handler runs in a transaction that also writes its HandledEvent mark, so
 * its database effects happen exactly once even when a job is delivered twice.
 */
@Injectable()
export class WorkerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerRuntime.name);
  private worker?: Worker;
  private connection?: IORedis;

  constructor(
    private readonly orm: MikroORM,
    private readonly registry: HandlerRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.connection = createRedis(this.config.redis.url, 'consumer', 'liasse-worker');
    // A failed job's message and stack are kept in Redis: a database error loses its statement's values first.
    this.worker = new Worker(WORK_QUEUE_NAME, (job) => this.dispatchSafely(job), {
      connection: this.connection,
      prefix: this.config.redis.prefix,
      concurrency: workerConcurrency(this.config.database.poolMax),
      // A killed worker's jobs come back within about 15 s by default (locks.ts).
      ...lockOptions(this.config.queueLocks),
    });
    this.worker.on('failed', (job, err) =>
      this.logger.warn({ job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'Job failed'),
    );
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'Worker connection error'));
  }

  /**
   * Lets in-flight jobs finish before the process exits: before the shutdown hooks that close what jobs
   * use (database, SMTP pool, queue connections).
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker) {
      // Running jobs get most of the grace period; with Redis down close() would wait forever, so past
      // it the worker is closed without waiting (their locks expire and other workers take them again).
      const drainMs = Math.max(1000, this.config.shutdownGraceMs - 5000);
      const drained = await within(this.worker.close().then(() => true), drainMs, () => false);
      if (!drained) {
        this.logger.warn(`Jobs still running after ${drainMs} ms (or Redis unreachable): closing the worker without waiting`);
        void this.worker.close(true).catch(() => undefined);
      }
    }
    this.connection?.disconnect();
  }

  private async dispatchSafely(job: Job): Promise<void> {
    try {
      await this.dispatch(job);
    } catch (error) {
      hideSqlValues(error);
      throw error;
    }
  }

  async dispatch(job: Job): Promise<void> {
    const [kind, name] = splitName(job.name);
    if (kind === 'event') {
      const handler = this.registry.eventHandler(name);
      if (!handler) throw new UnrecoverableError(`No handler named ${name}`);
      const envelope = job.data as DomainEventEnvelope;
      await this.inContext(async (em) =>
        em.transactional(async (tx) => {
          // The mark first, in one statement: a replay finds it and stops; a concurrent duplicate waits on
          // the key until this transaction ends, then stops too (or runs, if this one rolled back).
          if (!(await this.mark(tx, name, envelope.id))) return;
          await handler.handle(envelope);
        }),
      );
      return;
    }
    if (kind === 'job') {
      const handler = this.registry.jobHandler(name);
      if (!handler) throw new UnrecoverableError(`No job handler named ${name}`);
      await this.inContext(() => handler.handle(job.data));
      return;
    }
    throw new UnrecoverableError(`Unknown job ${job.name}`);
  }

  /** Records that `handler` processed `eventId`; false when it already had (nothing inserted). */
  private async mark(tx: EntityManager, handler: string, eventId: string): Promise<boolean> {
    const query = tx
      .getKnex()
      .raw(`insert into ${HANDLED_EVENT_TABLE} (handler, event_id, handled_at) values (?, ?, ?) on conflict do nothing`, [handler, eventId, this.clock.now()]);
    const result = (await query.transacting(tx.getTransactionContext()!)) as { rowCount: number };
    return result.rowCount === 1;
  }

  private inContext<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.orm.em.fork() as EntityManager;
    return RequestContext.create(em, () => work(em));
  }
}

/**
 * An event job holds two connections at once: its transaction (handled_event) and the mail delivery
 * record, written outside it on purpose. With more jobs than half the pool, every connection can end up
 * held by a job waiting for its second one: a deadlock until the pool's acquire timeout.
 */
export function workerConcurrency(poolMax: number): number {
  return Math.max(1, Math.min(8, Math.floor(poolMax / 2)));
}

function splitName(jobName: string): ['event' | 'job' | 'unknown', string] {
  const at = jobName.indexOf(':');
  const kind = jobName.slice(0, at);
  return [kind === 'event' || kind === 'job' ? kind : 'unknown', jobName.slice(at + 1)];
}
