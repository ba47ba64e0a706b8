import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { WebhookEventType } from './event-types';

export type SubscriptionStatus = 'ACTIVE' | 'PAUSED';

/**
 * Who receives which events of one structure, and how: pushed to `url` (signed deliveries), or, without a
 * url, kept for the subscriber to read from its feed and acknowledge. Owned by the portal user who created it,
 * or by an OAuth client acting through one technical account: what it receives is what that owner may see
 * when the event happens (habilitations' Authorization), not what it could see when it subscribed.
 */
@Entity({ tableName: 'webhook_subscription' })
@Index({ name: 'webhook_subscription_structure_idx', properties: ['structureId'] })
export class WebhookSubscription {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  structureId: string;

  /** The portal user who subscribed; null for a client's subscription. */
  @Property({ type: 'uuid', nullable: true })
  ownerUserId: string | null = null;

  /** The client's technical account and OAuth client; null for a user's subscription. */
  @Property({ type: 'uuid', nullable: true })
  technicalAccountId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  oauthClientId: string | null = null;

  /** null: a feed (read and acknowledged by the subscriber), nothing pushed. */
  @Property({ type: 'text', nullable: true })
  url: string | null = null;

  @Property({ type: 'json' })
  eventTypes: WebhookEventType[];

  @Property({ type: 'string', length: 200, nullable: true })
  description: string | null = null;

  /** Signing secret, encrypted (SecretBox). */
  @Property({ type: 'text' })
  secret: string;

  /** The secret before the last rotation, still signing until `previousSecretUntil`. */
  @Property({ type: 'text', nullable: true })
  previousSecret: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  previousSecretUntil: Date | null = null;

  @Property({ type: 'string', length: 10 })
  status: SubscriptionStatus = 'ACTIVE';

  /** Failed attempts since the last success: at WEBHOOK_PAUSE_AFTER_FAILURES the subscription is paused. */
  @Property({ type: 'integer' })
  consecutiveFailures = 0;

  @Property({ type: 'datetime', nullable: true })
  pausedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(init: Pick<WebhookSubscription, 'structureId' | 'url' | 'eventTypes' | 'description' | 'secret' | 'createdAt'> &
    Partial<Pick<WebhookSubscription, 'ownerUserId' | 'technicalAccountId' | 'oauthClientId'>>) {
    Object.assign(this, init);
    this.structureId = init.structureId;
    this.eventTypes = init.eventTypes;
    this.secret = init.secret;
    this.createdAt = init.createdAt;
  }
}
