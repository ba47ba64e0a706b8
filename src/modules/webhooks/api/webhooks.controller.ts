import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { DeliveryLog, EventFeed } from '../application/deliveries.use-cases';
import { CreateSubscription, ManageSubscription } from '../application/subscriptions.use-cases';
import { WEBHOOK_PAYLOAD_MODELS } from './webhook-payloads';
import { WebhooksErrors as E } from '../domain/webhooks.errors';
import { Idempotent } from '../../../shared/idempotency/idempotency';
import {
  AcknowledgedDto,
  AcknowledgeEventsDto,
  CreateWebhookSubscriptionDto,
  FeedPageDto,
  FeedQueryDto,
  ListWebhookDeliveriesQueryDto,
  ListWebhookSubscriptionsQueryDto,
  RotateWebhookSecretDto,
  WebhookDeliveryPageDto,
  WebhookSecretRotatedDto,
  WebhookSubscriptionCreatedDto,
  WebhookSubscriptionDto,
  WebhookSubscriptionListDto,
} from './webhooks.dto';

/** Subscriptions to a structure's events: pushed (signed webhooks) or read from a feed. People and API clients alike. */
@ApiTags('webhooks')
// The webhook payloads' schemas (OpenAPI `webhooks`, webhook-payloads.ts).
@ApiExtraModels(...WEBHOOK_PAYLOAD_MODELS)
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly create: CreateSubscription,
    private readonly manage: ManageSubscription,
    private readonly deliveries: DeliveryLog,
    private readonly feed: EventFeed,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    operationId: 'createWebhookSubscription',
    summary: 'Subscribe a URL (signed webhooks) or a feed to a structure’s events; the signing secret is shown once',
  })
  @ApiCreatedResponse({ type: WebhookSubscriptionCreatedDto })
  @ApiProblems([CommonErrors.FORBIDDEN, E.TARGET_NOT_ALLOWED])
  createSubscription(@CurrentActor() actor: Actor, @Body() body: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionCreatedDto> {
    return this.create.execute(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhookSubscriptions', summary: 'The subscriptions I manage (a client: its own)' })
  @ApiOkResponse({ type: WebhookSubscriptionListDto })
  @ApiProblems([])
  async listSubscriptions(@CurrentActor() actor: Actor, @Query() query: ListWebhookSubscriptionsQueryDto): Promise<WebhookSubscriptionListDto> {
    return { items: await this.manage.list(actor, query.structureId) };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookSubscription', summary: 'One subscription' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiProblems([E.SUBSCRIPTION_NOT_FOUND])
  getSubscription(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSubscriptionDto> {
    return this.manage.get(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhookSubscription', summary: 'Unsubscribe: nothing more is delivered, its log is deleted' })
  @ApiNoContentResponse()
  @ApiProblems([E.SUBSCRIPTION_NOT_FOUND])
  async deleteSubscription(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.manage.delete(actor, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeWebhookSubscription', summary: 'Resume a paused subscription: pending deliveries go out again, in order' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiProblems([E.SUBSCRIPTION_NOT_FOUND], { validated: false })
  resumeSubscription(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSubscriptionDto> {
    return this.manage.resume(actor, id);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret (shown once); the previous one keeps signing during the overlap (two v1 values)',
  })
  @ApiOkResponse({ type: WebhookSecretRotatedDto })
  @ApiProblems([E.SUBSCRIPTION_NOT_FOUND])
  rotateSecret(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RotateWebhookSecretDto): Promise<WebhookSecretRotatedDto> {
    return this.manage.rotateSecret(actor, id, body.overlapMinutes ?? 1440);
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'The delivery log, newest first: state, attempts (status code, latency, error)' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems([E.SUBSCRIPTION_NOT_FOUND, E.NOT_A_WEBHOOK])
  listDeliveries(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: ListWebhookDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.list(actor, id, query);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({ operationId: 'replayWebhookDelivery', summary: 'Send a delivery again (same event id), with a fresh count of attempts' })
  @ApiParam({ name: 'deliveryId', schema: { type: 'string', pattern: '^\\d{1,18}$' } })
  @ApiAcceptedResponse()
  @ApiProblems([E.SUBSCRIPTION_NOT_FOUND, E.DELIVERY_NOT_FOUND, E.NOT_A_WEBHOOK], { validated: false })
  async replayDelivery(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Param('deliveryId') deliveryId: string): Promise<void> {
    if (!/^\d{1,18}$/.test(deliveryId)) return this.deliveries.replay(actor, id, '0');
    await this.deliveries.replay(actor, id, deliveryId);
  }

  @Get(':id/events')
  @ApiOperation({ operationId: 'readWebhookFeed', summary: 'Feed: the next unacknowledged events after a cursor (at most 100); its owner only' })
  @ApiOkResponse({ type: FeedPageDto })
  @ApiProblems([CommonErrors.FORBIDDEN, E.SUBSCRIPTION_NOT_FOUND, E.NOT_A_FEED])
  readFeed(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: FeedQueryDto): Promise<FeedPageDto> {
    return this.feed.read(actor, id, query);
  }

  @Post(':id/events/ack')
  @HttpCode(200)
  @ApiOperation({ operationId: 'acknowledgeWebhookFeed', summary: 'Feed: acknowledge every event up to a cursor (they are not served again); its owner only' })
  @ApiOkResponse({ type: AcknowledgedDto })
  @ApiProblems([CommonErrors.FORBIDDEN, E.SUBSCRIPTION_NOT_FOUND, E.NOT_A_FEED])
  acknowledgeFeed(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AcknowledgeEventsDto): Promise<AcknowledgedDto> {
    return this.feed.acknowledge(actor, id, body.cursor);
  }
}
