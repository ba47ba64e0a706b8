import { MikroORM } from '@mikro-orm/postgresql';
import { EntityManager } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { safePost, TargetRefused } from '../../../lib/safe-http/safe-http';
import { Outbox } from '../../../shared/outbox/outbox';
import { rawRows } from '../../../shared/persistence/raw';
import { RowChanges } from '../../../shared/persistence/row-changes';
import { Clock } from '../../../shared/time/clock';
import { WebhookEventBody } from '../domain/event-types';
import { retryDelayMs, SIGNATURE_HEADER, signatureHeader } from '../domain/signature';
import { WebhookAttempt } from '../domain/webhook-attempt.entity';
import { PollingLoop } from '../../../shared/lifecycle/loop-pause';
import { WebhookSecrets } from '../infrastructure/webhook-secrets';

/** The insert trigger's channel (migration webhooks). */
export const WEBHOOK_DELIVERY_CHANNEL = 'webhook_delivery';
const BATCH = 32;
const MAX_RESPONSE_BYTES = 64 * 1024;

interface ClaimedRow {
  seq: string;
  attempts: number;
  subscription_id: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  /** Text, as raw rows return timestamps. */
  previous_secret_until: string | null;
  event_id: string;
  type: WebhookEventBody['type'];
  occurred_at: Date;
  structure_id: string;
  data: Record<string, unknown>;
}

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * Sends committed deliveries (worker role). A claim takes due PENDING deliveries of active subscriptions,
 * FOR UPDATE SKIP LOCKED (several workers may run), skipping any whose subscription still has an earlier
 * pending delivery with the same ordering key (the invoice): so one invoice's events reach a subscriber in
 * order, each only after the previous one was answered 2xx or given up. The claim counts the attempt and
 * sets a lease (twice the timeout): a worker killed mid-delivery leaves it to be claimed again when the lease
 * ends. The request is made outside any transaction; its outcome is then recorded (attempt log, state,
 * retry time, the subscription's failure count and pause). At-least-once: a receiver deduplicates on the event id.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly loop = new PollingLoop(async () => {
    let attempted = 0;
    try {
      attempted = await this.dispatchOnce();
    } catch (error) {
      this.logger.warn({ err: error }, 'Webhook dispatch failed; will retry');
    }
    return attempted < BATCH ? this.config.outboxPollMs : 0;
  });

  constructor(
    private readonly orm: MikroORM,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecrets,
    private readonly outbox: Outbox,
    changes: RowChanges,
  ) {
    if (config.runsWorker) changes.onChannel(WEBHOOK_DELIVERY_CHANNEL, () => this.loop.wake());
  }

  onApplicationBootstrap(): void {
    if (this.config.runsWorker) this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims and sends one batch; returns how many deliveries it attempted. Exposed for tests and the bench. */
  async dispatchOnce(): Promise<number> {
    const rows = await this.claim();
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  private async claim(): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    const leaseEnd = new Date(now.getTime() + 2 * this.config.webhooks.timeoutMs);
    return rawRows<ClaimedRow>(
      this.orm.em.fork(),
      `with due as (
         select d.seq from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
         where d.state = 'PENDING' and d.next_attempt_at <= ? and s.status = 'ACTIVE' and s.url is not null
           and not exists (select 1 from webhook_delivery p where p.subscription_id = d.subscription_id and p.ordering_key = d.ordering_key
                           and p.state = 'PENDING' and p.seq < d.seq)
         order by d.seq limit ${BATCH} for update of d skip locked),
       claimed as (
         update webhook_delivery d set next_attempt_at = ?, attempts = d.attempts + 1 from due where d.seq = due.seq
         returning d.seq, d.attempts, d.subscription_id, d.event_id)
       select c.seq, c.attempts, c.subscription_id, s.url, s.secret, s.previous_secret, s.previous_secret_until,
              e.id as event_id, e.type, e.occurred_at, e.structure_id, e.data
       from claimed c join webhook_subscription s on s.id = c.subscription_id join webhook_event e on e.id = c.event_id
       order by c.seq`,
      [now, leaseEnd],
    );
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const body: WebhookEventBody = {
      id: row.event_id,
      type: row.type,
      occurredAt: new Date(row.occurred_at).toISOString(),
      structureId: row.structure_id,
      data: row.data,
    };
    const started = performance.now();
    let outcome: AttemptOutcome;
    try {
      const result = await this.send(row, JSON.stringify(body));
      outcome = { statusCode: result.statusCode, latencyMs: Math.round(performance.now() - started), error: null };
    } catch (error) {
      const message = error instanceof TargetRefused ? `refused: ${error.message}` : error instanceof Error ? error.message : String(error);
      outcome = { statusCode: null, latencyMs: Math.round(performance.now() - started), error: message.slice(0, 500) };
    }
    try {
      await this.record(row, outcome);
    } catch (error) {
      // The lease brings it back: sent again (at-least-once), never lost.
      this.logger.warn({ err: error, delivery: row.seq }, 'Webhook delivery outcome not recorded');
    }
  }

  private send(row: ClaimedRow, body: string): Promise<{ statusCode: number }> {
    const now = this.clock.now();
    const secrets = [row.secret, row.previous_secret_until && new Date(row.previous_secret_until) > now ? row.previous_secret : null]
      .flatMap((sealed) => (sealed ? [this.secrets.open(sealed)] : []))
      .filter((s): s is string => s !== undefined);
    if (secrets.length === 0) throw new Error('the signing secret cannot be read (was JWT_SECRET rotated?): rotate the subscription secret');
    const timestamp = Math.floor(now.getTime() / 1000);
    const settings = this.config.webhooks;
    return safePost(
      row.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Liasse-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
        'Liasse-Event-Id': row.event_id,
        'Liasse-Event-Type': row.type,
        'Liasse-Delivery-Attempt': String(row.attempts),
      },
      { allowHttp: settings.allowHttp, allowPrivate: settings.allowPrivateTargets, timeoutMs: settings.timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES },
    );
  }

  /** The attempt's log line, the delivery's new state and the subscription's failure count, in one transaction. */
  private async record(row: ClaimedRow, outcome: AttemptOutcome): Promise<void> {
    const now = this.clock.now();
    const settings = this.config.webhooks;
    const success = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    await this.orm.em.fork().transactional(async (em) => {
      em.persist(new WebhookAttempt({ deliverySeq: row.seq, at: now, ...outcome }));
      const given = !success && row.attempts >= settings.maxAttempts;
      // Only the claim this outcome belongs to (same attempt count) moves the delivery.
      await rawRows(
        em,
        `update webhook_delivery set state = ?, next_attempt_at = ?, completed_at = ? where seq = ? and attempts = ? and state = 'PENDING'`,
        [
          success ? 'DELIVERED' : given ? 'FAILED' : 'PENDING',
          success || given ? now : new Date(now.getTime() + retryDelayMs(row.attempts, settings.retryBaseMs)),
          success || given ? now : null,
          row.seq,
          row.attempts,
        ],
      );
      if (success) {
        await rawRows(em, 'update webhook_subscription set consecutive_failures = 0 where id = ? and consecutive_failures > 0', [row.subscription_id]);
      } else {
        await this.countFailure(em, row, now);
      }
    });
  }

  private async countFailure(em: EntityManager, row: ClaimedRow, now: Date): Promise<void> {
    const [paused] = await rawRows<{ structure_id: string; consecutive_failures: number; paused: boolean }>(
      em,
      `update webhook_subscription set consecutive_failures = consecutive_failures + 1,
         status = case when consecutive_failures + 1 >= ? then 'PAUSED' else status end,
         paused_at = case when status = 'ACTIVE' and consecutive_failures + 1 >= ? then ? else paused_at end
       where id = ?
       returning structure_id, consecutive_failures, (status = 'PAUSED' and paused_at = ?) as paused`,
      [this.config.webhooks.pauseAfterFailures, this.config.webhooks.pauseAfterFailures, now, row.subscription_id, now],
    );
    // The update that paused it (and only that one) tells the managers.
    if (paused?.paused && paused.consecutive_failures === this.config.webhooks.pauseAfterFailures) {
      this.outbox.record(em, 'webhooks.subscription-paused', { subscriptionId: row.subscription_id, structureId: paused.structure_id, failures: paused.consecutive_failures });
    }
  }
}
