import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { routingOf, TicketObjectType, TicketRouting } from './support-reference';

/**
 * A sub-category. Its label decides the routing: "M - …" questions go to the business side (the
 * recipient structure of the object), the others to platform support. `objectRequired` says whether a
 * ticket must name an object (an invoice or a refund request, by number).
 */
@Entity({ tableName: 'support_sub_category' })
@Index({ name: 'support_sub_category_category_idx', properties: ['categoryCode'] })
export class SupportSubCategory {
  @PrimaryKey({ type: 'string', length: 40 })
  code: string;

  @Property({ type: 'string', length: 40 })
  categoryCode: string;

  @Property({ type: 'string', length: 160 })
  label: string;

  @Property({ type: 'string', length: 10 })
  routing: TicketRouting;

  @Property({ type: 'string', length: 30, nullable: true })
  objectType: TicketObjectType | null = null;

  @Property({ type: 'boolean' })
  objectRequired: boolean = false;

  @Property({ type: 'smallint' })
  position: number = 0;

  @Property({ type: 'boolean' })
  active: boolean = true;

  constructor(props: { code: string; categoryCode: string; label: string; objectType?: TicketObjectType | null; objectRequired?: boolean; position?: number }) {
    this.code = props.code;
    this.categoryCode = props.categoryCode;
    this.label = props.label;
    this.routing = routingOf(props.label);
    this.objectType = props.objectType ?? null;
    this.objectRequired = props.objectRequired ?? false;
    this.position = props.position ?? 0;
  }

  relabel(label: string): void {
    this.label = label;
    this.routing = routingOf(label);
  }
}
