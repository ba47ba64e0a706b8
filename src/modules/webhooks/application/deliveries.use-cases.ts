import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { WebhookEventBody, WebhookEventType } from '../domain/event-types';
import { WebhooksErrors as E } from '../domain/webhooks.errors';
import { SubscriptionAccess } from './subscriptions.use-cases';

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  state: string;
  attempts: number;
  createdAt: string;
  completedAt: string | null;
  nextAttemptAt: string | null;
  log: { at: string; statusCode: number | null; latencyMs: number; error: string | null }[];
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The delivery log of a pushed subscription (newest first, with every attempt), and replays. */
@Injectable()
export class DeliveryLog {
  constructor(
    private readonly em: EntityManager,
    private readonly access: SubscriptionAccess,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, subscriptionId: string, page: { before?: string; limit?: number }): Promise<{ items: DeliveryView[]; nextBefore: string | null }> {
    const subscription = await this.access.find(actor, subscriptionId);
    if (!subscription.url) throw new DomainError(E.NOT_A_WEBHOOK);
    const limit = page.limit ?? 20;
    const rows = await rawRows<{ seq: string; event_id: string; type: WebhookEventType; state: string; attempts: number; created_at: Date; completed_at: Date | null; next_attempt_at: Date }>(
      this.em,
      `select d.seq, d.event_id, e.type, d.state, d.attempts, d.created_at, d.completed_at, d.next_attempt_at
       from webhook_delivery d join webhook_event e on e.id = d.event_id
       where d.subscription_id = ? and d.seq < ? order by d.seq desc limit ?`,
      [subscription.id, page.before ?? '9223372036854775807', limit + 1],
    );
    const shown = rows.slice(0, limit);
    const attempts = shown.length
      ? await rawRows<{ delivery_seq: string; at: Date; status_code: number | null; latency_ms: number; error: string | null }>(
          this.em,
          'select delivery_seq, at, status_code, latency_ms, error from webhook_attempt where delivery_seq = any(?::bigint[]) order by at, id',
          [shown.map((r) => r.seq)],
        )
      : [];
    return {
      items: shown.map((r) => ({
        id: String(r.seq),
        eventId: r.event_id,
        eventType: r.type,
        state: r.state,
        attempts: r.attempts,
        createdAt: iso(r.created_at)!,
        completedAt: iso(r.completed_at),
        nextAttemptAt: r.state === 'PENDING' ? iso(r.next_attempt_at) : null,
        log: attempts
          .filter((a) => String(a.delivery_seq) === String(r.seq))
          .map((a) => ({ at: iso(a.at)!, statusCode: a.status_code, latencyMs: a.latency_ms, error: a.error })),
      })),
      nextBefore: rows.length > limit ? String(shown[shown.length - 1]!.seq) : null,
    };
  }

  /** Sends the delivery again now, with a fresh count of attempts (same event id: the receiver may deduplicate). */
  async replay(actor: Actor, subscriptionId: string, deliveryId: string): Promise<void> {
    const subscription = await this.access.find(actor, subscriptionId);
    if (!subscription.url) throw new DomainError(E.NOT_A_WEBHOOK);
    const updated = await rawRows<{ seq: string }>(
      this.em,
      `update webhook_delivery set state = 'PENDING', attempts = 0, next_attempt_at = ?, completed_at = null
       where seq = ? and subscription_id = ? returning seq`,
      [this.clock.now(), deliveryId, subscription.id],
    );
    if (updated.length === 0) throw new DomainError(E.DELIVERY_NOT_FOUND);
  }
}

/**
 * The event feed of a subscription without a URL: the unacknowledged events in order, after a cursor,
 * a bounded batch at a time; acknowledging up to a cursor removes them from the feed. Unacknowledged events
 * are served again on the next read from the start (kept WEBHOOK_RETENTION_DAYS). Only the subscription's
 * owner reads it (`SubscriptionAccess.findOwned`).
 */
@Injectable()
export class EventFeed {
  constructor(
    private readonly em: EntityManager,
    private readonly access: SubscriptionAccess,
    private readonly clock: Clock,
  ) {}

  async read(actor: Actor, subscriptionId: string, page: { after?: string; limit?: number }): Promise<{ events: (WebhookEventBody & { cursor: string })[]; cursor: string | null }> {
    const subscription = await this.access.findOwned(actor, subscriptionId);
    if (subscription.url) throw new DomainError(E.NOT_A_FEED);
    const rows = await rawRows<{ seq: string; id: string; type: WebhookEventType; occurred_at: Date; structure_id: string; data: Record<string, unknown> }>(
      this.em,
      `select d.seq, e.id, e.type, e.occurred_at, e.structure_id, e.data
       from webhook_delivery d join webhook_event e on e.id = d.event_id
       where d.subscription_id = ? and d.state = 'UNREAD' and d.seq > ? order by d.seq limit ?`,
      [subscription.id, page.after ?? '0', page.limit ?? 50],
    );
    const events = rows.map((r) => ({
      cursor: String(r.seq),
      id: r.id,
      type: r.type,
      occurredAt: iso(r.occurred_at)!,
      structureId: r.structure_id,
      data: r.data,
    }));
    return { events, cursor: events.at(-1)?.cursor ?? null };
  }

  async acknowledge(actor: Actor, subscriptionId: string, cursor: string): Promise<{ acknowledged: number }> {
    const subscription = await this.access.findOwned(actor, subscriptionId);
    if (subscription.url) throw new DomainError(E.NOT_A_FEED);
    const rows = await rawRows<{ seq: string }>(
      this.em,
      `update webhook_delivery set state = 'DELIVERED', completed_at = ? where subscription_id = ? and state = 'UNREAD' and seq <= ? returning seq`,
      [this.clock.now(), subscription.id, cursor],
    );
    return { acknowledged: rows.length };
  }
}
