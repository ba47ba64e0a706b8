import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { uuidv7 } from '../../../shared/domain/ids';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { UserActivity } from '../../accounts/contracts/users';
import { ApiClients } from '../../connections/contracts/api-clients';
import { ApiGroup } from '../../connections/contracts/api-groups';
import { Authorization } from '../../habilitations/contracts/authorization';
import { ApplicationCode, GrantLevel } from '../../habilitations/contracts/applications';
import { WebhookEventType } from '../domain/event-types';
import { WebhookDelivery } from '../domain/webhook-delivery.entity';
import { WebhookEvent } from '../domain/webhook-event.entity';
import { WebhookSubscription } from '../domain/webhook-subscription.entity';
import { subscriberActor } from './subscriber';

/** One event for one structure, and who there may see it: holders of `application` (at `level`, consultation by default) for `serviceId`. */
export interface EventDraft {
  type: WebhookEventType;
  structureId: string;
  application: ApplicationCode;
  /** The level the data asks for where it is read (a membership request: the approvers' inbox, modification). */
  level?: GrantLevel;
  /** As `Authorization.allows` reads it: a service id, null (data of no service), undefined (the structure). */
  serviceId?: string | null;
  orderingKey: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * The API group an API application needs to receive each type: that of the routes reading the same data
 * (invoices: `factures`; flow reports and tickets: `transverses`; a structure's users: `utilisateurs`).
 */
export const EVENT_API_GROUP: Readonly<Record<WebhookEventType, ApiGroup>> = {
  'invoice.status-changed': 'factures',
  'invoice.received': 'factures',
  'flow.integrated': 'transverses',
  'flow.rejected': 'transverses',
  'membership.requested': 'utilisateurs',
  'ticket.updated': 'transverses',
};

/** The history rank of an invoice's first status-changed event (1 is the draft, BROUILLON, which has none). */
const FIRST_RANK = 2;
const GAP_POLL_MS = 20;
const GAP_WAIT_MS = 1_000;

/** Whether an event of `rank` may go now after `last` (null: no mark, a new invoice). */
function follows(last: number | null, rank: number): boolean {
  return last === null ? rank <= FIRST_RANK : rank <= last + 1;
}

/** Thrown when an event comes before an earlier one of the same invoice was fanned out: its job is retried. */
export class EarlierEventPending extends Error {}

/**
 * Fans events out to the subscriptions that want them and may see them, inside the caller's transaction
 * (the worker's event handler, whose handled_event mark commits with these rows): one webhook_event row and
 * one webhook_delivery per subscription, nothing when no subscription wants it. The dispatcher sends the
 * deliveries once committed (an insert trigger wakes it).
 */
@Injectable()
export class PublishWebhookEvents {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly clock: Clock,
    private readonly users: UserActivity,
    private readonly clients: ApiClients,
  ) {}

  /**
   * Keeps the order of one invoice's events (`rank`: its history rank, contiguous from 2; the draft, rank 1,
   * has no event). An event whose predecessor was not fanned out yet waits a moment (changes committed
   * together have their jobs run side by side), then gives its job back to the queue (EarlierEventPending:
   * retried with the queue's backoff). An invoice without a mark is new (the migration marked those with a
   * history); one whose first event seen is not rank 2 (rows written around the application) starts its order
   * there after the wait, and an earlier rank coming later still goes out, late, rather than never.
   * Without a rank (events recorded before ranks existed), no order.
   */
  async inOrder(key: string, rank: number | undefined, drafts: () => Promise<EventDraft[]>): Promise<void> {
    if (rank === undefined) return this.publish(await drafts());
    for (let waited = 0; !follows(await this.lastRank(key), rank) && waited < GAP_WAIT_MS; waited += GAP_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, GAP_POLL_MS));
    }
    // Serialises the fan-out of one invoice's events until this transaction ends.
    await rawRows(this.em, 'select pg_advisory_xact_lock(hashtext(?))', [`webhook:${key}`]);
    const last = await this.lastRank(key);
    if (last !== null && rank > last + 1) throw new EarlierEventPending(`event ${rank} of ${key} waits for ${last + 1}`);
    await rawRows(
      this.em,
      `insert into webhook_order (key, last_seq, updated_at) values (?, ?, ?)
       on conflict (key) do update set last_seq = greatest(webhook_order.last_seq, excluded.last_seq), updated_at = excluded.updated_at`,
      [key, rank, this.clock.now()],
    );
    await this.publish(await drafts());
  }

  private async lastRank(key: string): Promise<number | null> {
    const [row] = await rawRows<{ last_seq: number }>(this.em, 'select last_seq from webhook_order where key = ?', [key]);
    return row?.last_seq ?? null;
  }

  /**
   * What the owner's own calls would need beyond the grants: a user account still active (the guard refuses
   * a deactivated one, whose memberships stay); an API application not revoked, its owner active, holding
   * the API group of the data (a `transverses`-only application reads no invoice, so hears of none).
   */
  private async ownerMayCall(owner: Pick<WebhookSubscription, 'ownerUserId' | 'technicalAccountId' | 'oauthClientId'>, type: WebhookEventType): Promise<boolean> {
    if (owner.technicalAccountId) {
      const groups = owner.oauthClientId ? await this.clients.liveGroupsOf(owner.oauthClientId) : null;
      return groups !== null && groups.includes(EVENT_API_GROUP[type]);
    }
    return owner.ownerUserId !== null && (await this.users.isActive(owner.ownerUserId));
  }

  async publish(drafts: readonly EventDraft[]): Promise<void> {
    for (const draft of drafts) {
      const candidates = await rawRows<{ id: string; feed: boolean; owner_user_id: string | null; technical_account_id: string | null; oauth_client_id: string | null }>(
        this.em,
        // Subscriptions made after the event do not get it (its fan-out may come later, e.g. after a retry).
        `select id, url is null as feed, owner_user_id, technical_account_id, oauth_client_id from webhook_subscription
         where structure_id = ? and event_types @> ?::jsonb and created_at <= ? order by id`,
        [draft.structureId, JSON.stringify([draft.type]), draft.occurredAt],
      );
      if (candidates.length === 0) continue;
      const wanting: { id: string; feed: boolean }[] = [];
      for (const c of candidates) {
        const owner: Pick<WebhookSubscription, 'ownerUserId' | 'technicalAccountId' | 'oauthClientId' | 'structureId'> = {
          ownerUserId: c.owner_user_id,
          technicalAccountId: c.technical_account_id,
          oauthClientId: c.oauth_client_id,
          structureId: draft.structureId,
        };
        if ((await this.ownerMayCall(owner, draft.type)) && (await this.authorization.allows(subscriberActor(owner), draft.structureId, draft.application, draft.level ?? 'CONSULTATION', draft.serviceId))) {
          wanting.push(c);
        }
      }
      if (wanting.length === 0) continue;
      const now = this.clock.now();
      const event = new WebhookEvent({ id: uuidv7(now.getTime()), type: draft.type, occurredAt: draft.occurredAt, structureId: draft.structureId, data: draft.data });
      this.em.persist(event);
      for (const { id, feed } of wanting) {
        this.em.persist(
          new WebhookDelivery({ subscriptionId: id, eventId: event.id, orderingKey: draft.orderingKey, state: feed ? 'UNREAD' : 'PENDING', nextAttemptAt: now, createdAt: now }),
        );
      }
    }
  }
}
