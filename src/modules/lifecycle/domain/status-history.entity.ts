import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { InvoiceStatus } from './invoice-status';

/** One passage of an invoice through a status: who, when, for which structure/service, why. */
@Entity({ tableName: 'invoice_status_history' })
@Unique({ properties: ['invoiceId', 'seq'] })
export class StatusHistoryEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  invoiceId: string;

  /** 1, 2, 3… per invoice. */
  @Property({ type: 'integer' })
  seq: number;

  @Property({ type: 'string', length: 40 })
  status: InvoiceStatus;

  @Property({ type: 'smallint', nullable: true })
  reformCode: number | null;

  @Property({ type: 'datetime' })
  at: Date;

  /** user | technical-account | system */
  @Property({ type: 'string', length: 20 })
  actorKind: string;

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The structure (and service) on whose behalf the change was made. */
  @Property({ type: 'uuid', nullable: true })
  structureId: string | null;

  @Property({ type: 'uuid', nullable: true })
  serviceId: string | null;

  @Property({ type: 'text', nullable: true })
  comment: string | null;

  @Property({ type: 'string', length: 50, nullable: true })
  mandateNumber: string | null;

  constructor(init: Omit<StatusHistoryEntry, 'id'>) {
    this.invoiceId = init.invoiceId;
    this.seq = init.seq;
    this.status = init.status;
    this.reformCode = init.reformCode;
    this.at = init.at;
    this.actorKind = init.actorKind;
    this.actorId = init.actorId;
    this.structureId = init.structureId;
    this.serviceId = init.serviceId;
    this.comment = init.comment;
    this.mandateNumber = init.mandateNumber;
  }
}
