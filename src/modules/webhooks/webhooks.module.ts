import { Global, Module } from '@nestjs/common';
import { openApiWebhooks } from './api/webhook-payloads';
import { WebhooksController } from './api/webhooks.controller';
import { OPENAPI_WEBHOOKS } from '../../shared/http/swagger';
import { DeliveryLog, EventFeed } from './application/deliveries.use-cases';
import { PublishWebhookEvents } from './application/publish-events';
import { CreateSubscription, ManageSubscription, SubscriptionAccess } from './application/subscriptions.use-cases';
import './contracts/events';
import { WebhookSecrets } from './infrastructure/webhook-secrets';
import { TicketEvents, WEBHOOK_EVENT_SOURCES } from './jobs/event-sources.handlers';
import { WebhookDispatcher } from './jobs/webhook-dispatcher';
import { MailSubscriptionPaused, WebhookRetention } from './jobs/webhook-maintenance.handlers';

/**
 * Webhooks and the event feed: subscriptions, the fan-out of domain events to them (worker, in the event's
 * handler transaction), the signed deliveries (worker, from the committed delivery rows), the delivery log,
 * replays and pauses, retention.
 */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhookSecrets,
    SubscriptionAccess,
    CreateSubscription,
    ManageSubscription,
    DeliveryLog,
    EventFeed,
    PublishWebhookEvents,
    WebhookDispatcher,
    WebhookRetention,
    MailSubscriptionPaused,
    TicketEvents,
    ...WEBHOOK_EVENT_SOURCES,
    { provide: OPENAPI_WEBHOOKS, useFactory: openApiWebhooks },
  ],
})
export class WebhooksModule {}
