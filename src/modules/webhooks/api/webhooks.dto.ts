import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../domain/event-types';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class CreateWebhookSubscriptionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The structure whose events are wanted: people name one where they hold Raccordements – modification; a client’s is its technical account’s (the default)',
  })
  @IsOptional()
  @IsUUID()
  structureId?: string;

  @ApiPropertyOptional({
    example: 'https://erp.example.com/liasse/events',
    description: 'Where events are POSTed (https; no private address unless the operator allows it). Omitted: a feed, read with GET …/events and acknowledged.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['invoice.status-changed', 'invoice.received'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];

  @ApiPropertyOptional({ example: 'ERP production', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class WebhookOwnerDto {
  @ApiProperty({ enum: ['user', 'client'] }) kind: 'user' | 'client';
  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) userId: string | null;
  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) technicalAccountId: string | null;
  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) oauthClientId: string | null;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: a feed' }) url: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes: WebhookEventType[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: ['ACTIVE', 'PAUSED'] }) status: 'ACTIVE' | 'PAUSED';
  @ApiProperty({ description: 'Failed attempts since the last success' }) consecutiveFailures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pausedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until then the previous secret signs too' }) previousSecretUntil: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: WebhookOwnerDto }) owner: WebhookOwnerDto;
}

export class WebhookSubscriptionCreatedDto extends WebhookSubscriptionDto {
  @ApiProperty({ description: 'The signing secret, shown once: keep it to verify Liasse-Signature' }) secret: string;
}

export class WebhookSubscriptionListDto {
  @ApiProperty({ type: [WebhookSubscriptionDto] }) items: WebhookSubscriptionDto[];
}

export class ListWebhookSubscriptionsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this structure’s subscriptions' }) @IsOptional() @IsUUID() structureId?: string;
}

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 10080, default: 1440, description: 'Minutes during which the previous secret still signs (both v1 values are sent)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  overlapMinutes?: number;
}

export class WebhookSecretRotatedDto {
  @ApiProperty({ description: 'The new signing secret, shown once' }) secret: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) previousSecretUntil: string | null;
}

export class WebhookAttemptDto {
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The answer’s status; null when none came (error)' }) statusCode: number | null;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType: WebhookEventType;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED', 'UNREAD'] }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Next attempt while PENDING' }) nextAttemptAt: string | null;
  @ApiProperty({ type: [WebhookAttemptDto] }) log: WebhookAttemptDto[];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for older deliveries; null: no more' }) nextBefore: string | null;
}

export class ListWebhookDeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'Deliveries older than this id (newest first)' }) @IsOptional() @Matches(/^\d{1,18}$/) before?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class FeedQueryDto {
  @ApiPropertyOptional({ description: 'Events after this cursor; omitted: from the oldest unacknowledged' }) @IsOptional() @Matches(/^\d{1,18}$/) after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class WebhookEventDto {
  @ApiProperty({ format: 'uuid', description: 'The same id in every delivery of this event: deduplicate on it' }) id: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) type: WebhookEventType;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'uuid', description: 'The structure the event concerns (the subscription’s)' }) structureId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Depends on the type (see the OpenAPI webhooks)' }) data: Record<string, unknown>;
}

export class FeedEventDto extends WebhookEventDto {
  @ApiProperty({ example: '1042', description: 'Acknowledge up to it, or read after it' }) cursor: string;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedEventDto] }) events: FeedEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The last event’s cursor (null when none)' }) cursor: string | null;
}

export class AcknowledgeEventsDto {
  @ApiProperty({ example: '1042', description: 'Every unacknowledged event up to this cursor, included' }) @IsString() @Matches(/^\d{1,18}$/) cursor: string;
}

export class AcknowledgedDto {
  @ApiProperty() acknowledged: number;
}
