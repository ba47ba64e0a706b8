import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** One try of a delivery, for the subscriber's delivery log: when, the answer's status or the error, how long. */
@Entity({ tableName: 'webhook_attempt' })
@Index({ name: 'webhook_attempt_delivery_idx', properties: ['deliverySeq'] })
export class WebhookAttempt {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'bigint' })
  deliverySeq: string;

  @Property({ type: 'datetime' })
  at: Date;

  @Property({ type: 'integer', nullable: true })
  statusCode: number | null;

  @Property({ type: 'integer' })
  latencyMs: number;

  @Property({ type: 'text', nullable: true })
  error: string | null;

  constructor(init: Pick<WebhookAttempt, 'deliverySeq' | 'at' | 'statusCode' | 'latencyMs' | 'error'>) {
    this.deliverySeq = init.deliverySeq;
    this.at = init.at;
    this.statusCode = init.statusCode;
    this.latencyMs = init.latencyMs;
    this.error = init.error;
  }
}
