import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/**
 * What one invoice consumes of one engagement. A charge counts while `releasedAt` is null; it is released
 * (kept, for the engagement's history) when the invoice is rejected, refused by its validator, or recycled to another engagement.
 * At most one counting charge per invoice (partial unique index).
 */
@Entity({ tableName: 'engagement_charge' })
@Index({ name: 'engagement_charge_engagement_idx', properties: ['engagementId', 'chargedAt'] })
@Index({
  name: 'engagement_charge_counting_unique',
  expression: 'create unique index "engagement_charge_counting_unique" on "engagement_charge" ("invoice_id") where "released_at" is null',
})
export class EngagementCharge {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  engagementId!: string;

  @Property({ type: 'uuid' })
  invoiceId!: string;

  /** The invoice's number, as the engagement's list shows it. */
  @Property({ type: 'string', length: 40 })
  invoiceNumber!: string;

  @Property({ type: 'decimal', precision: 15, scale: 2 })
  amount!: string;

  @Property({ type: 'datetime' })
  chargedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  releasedAt: Date | null = null;

  /** REJETEE, REFUSEE_1 (refused by its validator), RECYCLED. */
  @Property({ type: 'string', length: 20, nullable: true })
  releaseReason: string | null = null;
}
