import { within } from '../lifecycle/graceful-shutdown';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { DomainEventEnvelope } from '../events/domain-event';
import { JobMap, JobName } from './handlers';
import { createRedis } from './redis';

export const WORK_QUEUE_NAME = 'work';

const defaultJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a day so a re-published event (same jobId) is recognised and not run twice.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** The producer side of the one BullMQ queue. */
@Injectable()
export class WorkQueue implements OnApplicationShutdown {
  readonly queue: Queue;
  private readonly connection: IORedis;

  constructor(config: AppConfig) {
    this.connection = createRedis(config.redis.url, 'producer', 'liasse-producer');
    this.queue = new Queue(WORK_QUEUE_NAME, {
      connection: this.connection,
      prefix: config.redis.prefix,
      defaultJobOptions,
    });
  }

  async publishToHandler(handlerName: string, envelope: DomainEventEnvelope): Promise<void> {
    await this.publishToHandlers([{ handlerName, envelope }]);
  }

  /** One round trip for a batch (BullMQ `addBulk`: one MULTI), same job ids as one by one. */
  async publishToHandlers(jobs: { handlerName: string; envelope: DomainEventEnvelope }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map(({ handlerName, envelope }) => ({ name: `event:${handlerName}`, data: envelope, opts: { jobId: `${envelope.id}.${handlerName}` } })),
    );
  }

  /** Delayed or immediate job. A `jobId` makes scheduling idempotent (one pending trigger per id). */
  async schedule<N extends JobName>(name: N, data: JobMap[N], options: { delayMs?: number; jobId?: string } = {}): Promise<void> {
    await this.queue.add(`job:${name}`, data, {
      delay: options.delayMs && options.delayMs > 0 ? options.delayMs : undefined,
      jobId: options.jobId,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for Redis; when Redis is down the connection is dropped instead.
    await within(this.queue.close(), 2000, () => undefined);
    // BullMQ does not close a connection it was given.
    this.connection.disconnect();
  }
}
