import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/** One e-mail we were asked to send; its key makes a retried job skip what already went out. */
@Entity({ tableName: 'mail_delivery' })
export class MailDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Unique()
  @Property({ type: 'string', length: 200 })
  idempotencyKey: string;

  @Property({ type: 'string', length: 80 })
  template: string;

  @Property({ type: 'string', length: 320 })
  recipient: string;

  @Property({ type: 'string', length: 10 })
  status: 'pending' | 'sent' = 'pending';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date;

  constructor(idempotencyKey: string, template: string, recipient: string, createdAt: Date) {
    this.idempotencyKey = idempotencyKey;
    this.template = template;
    this.recipient = recipient;
    this.createdAt = createdAt;
  }
}
