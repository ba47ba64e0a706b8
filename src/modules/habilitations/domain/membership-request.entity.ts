import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { Grant } from '../contracts/applications';

export enum MembershipRequestKind {
  ATTACHMENT = 'ATTACHMENT',
  GRANTS = 'GRANTS',
}

export enum MembershipRequestStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
}

/** A user's request to be attached to a structure, or to get more grants there; decided by its managers. */
@Entity({ tableName: 'hab_membership_request' })
@Index({ name: 'hab_membership_request_structure_idx', properties: ['structureId', 'status'] })
@Index({
  name: 'hab_membership_request_one_pending_idx',
  expression:
    'create unique index "hab_membership_request_one_pending_idx" on "hab_membership_request" ("user_id", "structure_id") where "status" = \'PENDING\'',
})
export class MembershipRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'uuid', nullable: true })
  serviceId?: string | null;

  @Enum({ items: () => MembershipRequestKind, nativeEnumName: 'membership_request_kind' })
  kind: MembershipRequestKind;

  /** For GRANTS requests: what the user asks for. */
  @Property({ type: 'json', nullable: true })
  requestedGrants?: Grant[] | null;

  @Property({ type: 'string', length: 1000 })
  comment: string;

  @Enum({ items: () => MembershipRequestStatus, nativeEnumName: 'membership_request_status' })
  status: MembershipRequestStatus = MembershipRequestStatus.PENDING;

  @Property({ type: 'uuid', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  decisionComment?: string | null;

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(props: { userId: string; structureId: string; serviceId?: string | null; kind: MembershipRequestKind; requestedGrants?: Grant[] | null; comment: string; now: Date }) {
    this.userId = props.userId;
    this.structureId = props.structureId;
    this.serviceId = props.serviceId ?? null;
    this.kind = props.kind;
    this.requestedGrants = props.requestedGrants ?? null;
    this.comment = props.comment;
    this.createdAt = props.now;
  }
}
