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

/**
 * A user's request to be attached to a structure, or (a member) to get more grants there; decided by its
 * managers. A request carries no grants: the manager who approves sets them (`grantedGrants`).
 */
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

  /**
   * Grants named by requests made before approvals set them (kept for history, shown to the approver as
   * information). Never applied: a requester cannot choose his own grants. New requests leave it null.
   */
  @Property({ type: 'json', nullable: true })
  requestedGrants?: Grant[] | null;

  /** What the approval gave: the member's grants on the structure right after it (null until approved). */
  @Property({ type: 'json', nullable: true })
  grantedGrants?: Grant[] | null;

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

  constructor(props: { userId: string; structureId: string; serviceId?: string | null; kind: MembershipRequestKind; comment: string; now: Date }) {
    this.userId = props.userId;
    this.structureId = props.structureId;
    this.serviceId = props.serviceId ?? null;
    this.kind = props.kind;
    this.requestedGrants = null;
    this.comment = props.comment;
    this.createdAt = props.now;
  }
}
