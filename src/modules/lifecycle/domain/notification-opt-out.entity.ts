import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

export const INVOICE_NOTIFICATION_KINDS = [
  'INVOICE_RECEIVED',
  'INVOICE_TO_RECYCLE',
  'INVOICE_SUSPENDED',
  'INVOICE_REJECTED',
  'PAYMENT_INITIATED',
  'INVOICE_TO_VALIDATE',
  'INVOICE_VALIDATED',
  'INVOICE_REFUSED',
] as const;
export type InvoiceNotificationKind = (typeof INVOICE_NOTIFICATION_KINDS)[number];

/** A user who does not want one kind of invoice e-mail (everything is sent by default). */
@Entity({ tableName: 'invoice_notification_opt_out' })
export class NotificationOptOut {
  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @PrimaryKey({ type: 'string', length: 30 })
  kind: InvoiceNotificationKind;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(userId: string, kind: InvoiceNotificationKind, createdAt: Date) {
    this.userId = userId;
    this.kind = kind;
    this.createdAt = createdAt;
  }
}
