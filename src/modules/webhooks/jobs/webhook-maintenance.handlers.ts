import { CreateRequestContext } from '@mikro-orm/core';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../../config/config';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { rawRows } from '../../../shared/persistence/raw';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { Clock, DAY_MS } from '../../../shared/time/clock';
import { Authorization, MembershipRegistry } from '../../habilitations/contracts/authorization';
import { managesConnections } from '../../habilitations/contracts/managers';
import { MailSender } from '../../notifications/contracts/mail';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { WebhookSubscription } from '../domain/webhook-subscription.entity';

/**
 * Those who may resume it learn that deliveries stopped, and how: its owner and the structure's connection
 * managers. Not every holder of Raccordements – modification (a default grant): they may not act on it, and
 * its URL is the owner's business.
 */
@OnDomainEvent('webhooks.subscription-paused', 'webhooks.paused-notice')
@Injectable()
export class MailSubscriptionPaused implements DomainEventHandler<'webhooks.subscription-paused'> {
  constructor(
    private readonly em: EntityManager,
    private readonly memberships: MembershipRegistry,
    private readonly authorization: Authorization,
    private readonly structures: StructureCatalog,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'webhooks.subscription-paused'>): Promise<void> {
    const { subscriptionId, structureId, failures } = event.payload;
    const subscription = await this.em.findOne(WebhookSubscription, { id: subscriptionId });
    const structure = await this.structures.findById(structureId);
    if (!subscription || !structure) return;
    for (const user of await this.memberships.usersWithGrant(structureId, 'RACCORDEMENTS', 'MODIFICATION')) {
      if (user.id !== subscription.ownerUserId && !managesConnections(await this.authorization.membershipOf(user.id, structureId))) continue;
      await this.mail.send({
        template: 'webhooks.subscription-paused',
        to: user.notifyEmail,
        data: {
          firstName: user.firstName,
          structureName: structure.companyName,
          url: subscription.url ?? '',
          failures,
          link: `${this.config.publicUrl}/structures/${structureId}/raccordements`,
        },
        idempotencyKey: `${event.id}:${user.id}`,
      });
    }
  }
}

/** Rows deleted per statement: short transactions beside the dispatcher. */
const BATCH = 5_000;

/**
 * Daily (worker role): events older than WEBHOOK_RETENTION_DAYS go, with their deliveries (acknowledged or
 * not, delivered or not) and attempts. The per-invoice order marks stay (one small row per invoice): without
 * its mark, an old invoice's next event would wait for ranks that never come.
 */
@Injectable()
export class WebhookRetention {
  private readonly logger = new Logger('WebhookRetention');

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_4AM, { name: 'webhooks.retention', timeZone: 'Europe/Paris' })
  @CreateRequestContext()
  async run(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.webhooks.retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const [{ deleted }] = await rawRows<{ deleted: number }>(
        this.orm.em,
        `with gone as (delete from webhook_event where id in (select id from webhook_event where occurred_at < ? limit ${BATCH}) returning id),
              deliveries as (delete from webhook_delivery where event_id in (select id from gone) returning seq),
              attempts as (delete from webhook_attempt where delivery_seq in (select seq from deliveries))
         select count(*)::int as deleted from gone`,
        [before],
      );
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) this.logger.log({ events: total, before }, 'webhook events purged');
    return total;
  }
}
