import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export enum MandateStatus {
  /** Subscribed by one side, waiting for the other side's principal manager. */
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  /** Ended by either side: a pending subscription withdrawn or refused, or an active mandate revoked. */
  REVOKED = 'REVOKED',
}

export type MandateSide = 'MANDATOR' | 'MANDATARY';

export type MandateAction = 'SUBSCRIBED' | 'ACCEPTED' | 'REVOKED';

/** One line of a mandate's history: what happened, when, by whom and for which side. */
export interface MandateHistoryEntry {
  action: MandateAction;
  at: string;
  side: MandateSide;
  userId: string;
  comment: string | null;
}

/** Today's calendar day in France (YYYY-MM-DD): validity dates are days of the portal's time zone. */
export function mandateDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** What the mandate is on `day`: its stored status, or EXPIRED / NOT_STARTED for an accepted one outside its dates. */
export type MandateState = MandateStatus | 'EXPIRED' | 'NOT_STARTED';

export function mandateStateOn(m: Pick<BillingMandate, 'status' | 'startDate' | 'endDate'>, day: string): MandateState {
  if (m.status !== MandateStatus.ACTIVE) return m.status;
  if (m.endDate !== null && m.endDate < day) return 'EXPIRED';
  if (m.startDate > day) return 'NOT_STARTED';
  return MandateStatus.ACTIVE;
}

/**
 * « Mandat de facturation »: the mandator (a supplier structure) authorises the mandatary to issue its
 * invoices. Either side's principal manager subscribes it, the other side's accepts it; either side revokes
 * it. It lets invoices be issued only while accepted and within its dates (`mandateStateOn`): expiry needs
 * no job, the check reads the dates. At most one open (pending or active) mandate per pair.
 */
@Entity({ tableName: 'hab_billing_mandate' })
@Index({ name: 'hab_billing_mandate_mandator_idx', properties: ['mandatorStructureId', 'status'] })
@Index({ name: 'hab_billing_mandate_mandatary_idx', properties: ['mandataryStructureId', 'status'] })
@Index({
  name: 'hab_billing_mandate_one_open_idx',
  expression:
    'create unique index "hab_billing_mandate_one_open_idx" on "hab_billing_mandate" ("mandator_structure_id", "mandatary_structure_id") where "status" <> \'REVOKED\'',
})
export class BillingMandate {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Public number shown to people and in e-mails. */
  @Property({ type: 'string', length: 30, unique: 'hab_billing_mandate_number_unique' })
  number: string;

  @Property({ type: 'uuid' })
  mandatorStructureId: string;

  @Property({ type: 'uuid' })
  mandataryStructureId: string;

  @Enum({ items: () => MandateStatus, nativeEnumName: 'billing_mandate_status' })
  status: MandateStatus = MandateStatus.PENDING;

  @Property({ type: 'string', length: 10 })
  initiatedBy: MandateSide;

  /** First day invoices may be issued under it (YYYY-MM-DD, France). */
  @Property({ type: 'date' })
  startDate: string;

  /** Last day (inclusive), or null: until revoked. */
  @Property({ type: 'date', nullable: true })
  endDate: string | null;

  @Property({ type: 'json' })
  history: MandateHistoryEntry[] = [];

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  constructor(props: { mandatorStructureId: string; mandataryStructureId: string; initiatedBy: MandateSide; startDate: string; endDate: string | null; now: Date }) {
    this.mandatorStructureId = props.mandatorStructureId;
    this.mandataryStructureId = props.mandataryStructureId;
    this.initiatedBy = props.initiatedBy;
    this.startDate = props.startDate;
    this.endDate = props.endDate;
    this.createdAt = props.now;
    this.updatedAt = props.now;
    this.number = `MDT-${this.id.replaceAll('-', '').slice(-12).toUpperCase()}`;
  }

  structureOf(side: MandateSide): string {
    return side === 'MANDATOR' ? this.mandatorStructureId : this.mandataryStructureId;
  }

  record(action: MandateAction, side: MandateSide, userId: string, now: Date, comment: string | null = null): void {
    this.history = [...this.history, { action, at: now.toISOString(), side, userId, comment }];
    this.updatedAt = now;
  }
}
