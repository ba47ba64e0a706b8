import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { checkTargetUrl, TargetRefused } from '../../../lib/safe-http/safe-http';
import { Actor } from '../../../shared/auth/actor';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { managesConnections } from '../../habilitations/contracts/managers';
import { WebhookEventType } from '../domain/event-types';
import { WebhooksErrors as E } from '../domain/webhooks.errors';
import { WebhookSubscription } from '../domain/webhook-subscription.entity';
import { WebhookSecrets } from '../infrastructure/webhook-secrets';

export interface SubscriptionView {
  id: string;
  structureId: string;
  url: string | null;
  eventTypes: WebhookEventType[];
  description: string | null;
  status: 'ACTIVE' | 'PAUSED';
  consecutiveFailures: number;
  pausedAt: string | null;
  previousSecretUntil: string | null;
  createdAt: string;
  owner: { kind: 'user' | 'client'; userId: string | null; technicalAccountId: string | null; oauthClientId: string | null };
}

export function subscriptionView(s: WebhookSubscription): SubscriptionView {
  return {
    id: s.id,
    structureId: s.structureId,
    url: s.url,
    eventTypes: s.eventTypes,
    description: s.description,
    status: s.status,
    consecutiveFailures: s.consecutiveFailures,
    pausedAt: s.pausedAt?.toISOString() ?? null,
    previousSecretUntil: s.previousSecretUntil?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    owner: { kind: s.technicalAccountId ? 'client' : 'user', userId: s.ownerUserId, technicalAccountId: s.technicalAccountId, oauthClientId: s.oauthClientId },
  };
}

/**
 * Who may manage a subscription: a person holding Raccordements – modification on its structure, his own
 * subscriptions; the structure's connections managers (as for technical accounts: its principal manager,
 * or a structure-level member holding Organisation – modification and Raccordements – modification) any
 * of its subscriptions; the OAuth client and technical account that created one, their own. Anyone else is
 * told it does not exist: a member with the default grants (Raccordements – modification among them), or
 * attached to one service, cannot delete or re-key the ERP's or the principal manager's subscription. A
 * feed's events are its owner's alone (`findOwned`).
 */
@Injectable()
export class SubscriptionAccess {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
  ) {}

  async requireCreate(actor: Actor, structureId: string): Promise<void> {
    if (actor.kind === 'technical-account') {
      if (actor.structureId !== structureId) throw new DomainError(CommonErrors.FORBIDDEN, {}, 'structureId');
      return;
    }
    await this.authorization.require(actor, structureId, 'RACCORDEMENTS', 'MODIFICATION');
  }

  async find(actor: Actor, id: string): Promise<WebhookSubscription> {
    const subscription = await this.em.findOne(WebhookSubscription, { id });
    if (subscription && (await this.mayManage(actor, subscription))) return subscription;
    throw new DomainError(E.SUBSCRIPTION_NOT_FOUND);
  }

  /**
   * A feed's events are read (and acknowledged) by its owner only: they were chosen by the owner's rights
   * when each happened, so another manager of the structure (say, a member attached to one service, or
   * without Factures émises) would read through them what he may not read himself. He is told so (403):
   * he sees the subscription itself.
   */
  async findOwned(actor: Actor, id: string): Promise<WebhookSubscription> {
    const subscription = await this.find(actor, id);
    // A technical account finds its own subscriptions only.
    if (actor.kind === 'user' && subscription.ownerUserId !== actor.userId) throw new DomainError(CommonErrors.FORBIDDEN);
    return subscription;
  }

  private async mayManage(actor: Actor, s: WebhookSubscription): Promise<boolean> {
    if (actor.kind === 'technical-account') return s.technicalAccountId === actor.technicalAccountId;
    if (!(await this.authorization.allows(actor, s.structureId, 'RACCORDEMENTS', 'MODIFICATION'))) return false;
    return s.ownerUserId === actor.userId || managesConnections(await this.authorization.membershipOf(actor.userId, s.structureId));
  }

  async list(actor: Actor, structureId?: string): Promise<WebhookSubscription[]> {
    if (actor.kind === 'technical-account') {
      return this.em.find(WebhookSubscription, { technicalAccountId: actor.technicalAccountId, ...(structureId ? { structureId } : {}) }, { orderBy: { id: 'asc' } });
    }
    const allowed = await this.authorization.structuresAllowed(actor, 'RACCORDEMENTS', 'MODIFICATION');
    const structures = structureId ? allowed.filter((s) => s === structureId) : allowed;
    if (structures.length === 0) return [];
    const managed: string[] = [];
    for (const id of structures) if (managesConnections(await this.authorization.membershipOf(actor.userId, id))) managed.push(id);
    const own = structures.filter((id) => !managed.includes(id));
    return this.em.find(
      WebhookSubscription,
      { $or: [{ structureId: { $in: managed } }, { structureId: { $in: own }, ownerUserId: actor.userId }] },
      { orderBy: { id: 'asc' } },
    );
  }
}

@Injectable()
export class CreateSubscription {
  constructor(
    private readonly em: EntityManager,
    private readonly access: SubscriptionAccess,
    private readonly secrets: WebhookSecrets,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async execute(
    actor: Actor,
    input: { structureId?: string; url?: string; eventTypes: WebhookEventType[]; description?: string },
  ): Promise<SubscriptionView & { secret: string }> {
    const structureId = input.structureId ?? (actor.kind === 'technical-account' ? actor.structureId : undefined);
    if (!structureId) throw new DomainError(CommonErrors.VALIDATION_FAILED, {}, 'structureId');
    await this.access.requireCreate(actor, structureId);
    const url = input.url === undefined ? null : this.checkedUrl(input.url);
    const secret = this.secrets.mint();
    const subscription = new WebhookSubscription({
      structureId,
      url,
      eventTypes: input.eventTypes,
      description: input.description?.trim() || null,
      secret: secret.sealed,
      createdAt: this.clock.now(),
      ...(actor.kind === 'technical-account'
        ? { technicalAccountId: actor.technicalAccountId, oauthClientId: actor.oauthClientId }
        : { ownerUserId: actor.userId }),
    });
    await this.em.persist(subscription).flush();
    return { ...subscriptionView(subscription), secret: secret.plain };
  }

  /** Scheme and literal addresses now; a name's addresses are checked at each delivery (they may change). */
  private checkedUrl(raw: string): string {
    const settings = this.config.webhooks;
    try {
      return checkTargetUrl(raw, { allowHttp: settings.allowHttp, allowPrivate: settings.allowPrivateTargets }).toString();
    } catch (error) {
      if (error instanceof TargetRefused) throw new DomainError(E.TARGET_NOT_ALLOWED, { reason: error.message }, 'url');
      throw error;
    }
  }
}

@Injectable()
export class ManageSubscription {
  constructor(
    private readonly em: EntityManager,
    private readonly access: SubscriptionAccess,
    private readonly secrets: WebhookSecrets,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, id: string): Promise<SubscriptionView> {
    return subscriptionView(await this.access.find(actor, id));
  }

  async list(actor: Actor, structureId?: string): Promise<SubscriptionView[]> {
    return (await this.access.list(actor, structureId)).map(subscriptionView);
  }

  /** Deliveries start again from the oldest pending one, in order. */
  async resume(actor: Actor, id: string): Promise<SubscriptionView> {
    const subscription = await this.access.find(actor, id);
    subscription.status = 'ACTIVE';
    subscription.consecutiveFailures = 0;
    subscription.pausedAt = null;
    await this.em.flush();
    return subscriptionView(subscription);
  }

  /** A new secret; the current one keeps signing (a second v1) for `overlapMinutes`. */
  async rotateSecret(actor: Actor, id: string, overlapMinutes: number): Promise<{ secret: string; previousSecretUntil: string | null }> {
    const subscription = await this.access.find(actor, id);
    const secret = this.secrets.mint();
    subscription.previousSecret = overlapMinutes > 0 ? subscription.secret : null;
    subscription.previousSecretUntil = overlapMinutes > 0 ? new Date(this.clock.now().getTime() + overlapMinutes * 60_000) : null;
    subscription.secret = secret.sealed;
    await this.em.flush();
    return { secret: secret.plain, previousSecretUntil: subscription.previousSecretUntil?.toISOString() ?? null };
  }

  /** The subscription, its deliveries and their log; the events stay for other subscriptions until retention. */
  async delete(actor: Actor, id: string): Promise<void> {
    const subscription = await this.access.find(actor, id);
    await this.em.transactional(async (tx) => {
      await rawRows(
        tx,
        `with deliveries as (delete from webhook_delivery where subscription_id = ? returning seq)
         delete from webhook_attempt where delivery_seq in (select seq from deliveries)`,
        [subscription.id],
      );
      await rawRows(tx, 'delete from webhook_subscription where id = ?', [subscription.id]);
    });
  }
}
