import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { allGrants, Grant, hasGrant, intersectGrants, normalizeGrants, ApplicationCode, GrantLevel } from '../contracts/applications';

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  DETACHED = 'DETACHED',
}

/** What the grant rule reads of a membership: the entity, or a row read without the ORM on hot paths. */
export interface MembershipFacts {
  status: MembershipStatus | `${MembershipStatus}`;
  principal: boolean;
  serviceId?: string | null;
  grants: Grant[];
}

/** The principal manager holds every grant whatever is stored. */
export function effectiveGrantsOf(m: MembershipFacts): Grant[] {
  return m.principal ? allGrants() : normalizeGrants(m.grants);
}

/** `serviceId` undefined: the structure alone; null: data attached to no service (not for service-level members). */
export function membershipAllows(m: MembershipFacts, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): boolean {
  if (m.status !== MembershipStatus.ACTIVE) return false;
  if (serviceId !== undefined && m.serviceId && m.serviceId !== serviceId) return false;
  return hasGrant(effectiveGrantsOf(m), application, level);
}

/**
 * Nobody hands out a grant he does not hold. `manager`: the effective grants of whoever sets a member's grants
 * (the principal manager holds all), null on the administrators' support path (not capped). Returns the
 * applications of `granted` that the manager does not hold at that level and the member did not hold already
 * (keeping or lowering what a member has is always allowed).
 */
export function grantsBeyondManager(granted: readonly Grant[], manager: readonly Grant[] | null, member: readonly Grant[]): ApplicationCode[] {
  if (manager === null) return [];
  return normalizeGrants(granted)
    .filter((g) => !hasGrant(manager, g.application, g.level) && !hasGrant(member, g.application, g.level))
    .map((g) => g.application);
}

/** The default grants of a new member as this manager may give them: each at most at the manager's level. */
export function defaultGrantsGivenBy(defaults: readonly Grant[], manager: readonly Grant[] | null): Grant[] {
  return manager === null ? normalizeGrants(defaults) : intersectGrants(defaults, manager);
}

/**
 * A user's attachment to a structure (or one of its services) with the grants held there. One row per
 * (user, structure): detaching keeps it (DETACHED) so history and re-attachment reuse it. At most one
 * principal manager per structure, enforced by a partial unique index.
 */
@Entity({ tableName: 'hab_membership' })
@Unique({ name: 'hab_membership_user_structure_unique', properties: ['userId', 'structureId'] })
@Index({ name: 'hab_membership_structure_idx', properties: ['structureId', 'status'] })
@Index({
  name: 'hab_membership_one_principal_idx',
  expression: 'create unique index "hab_membership_one_principal_idx" on "hab_membership" ("structure_id") where "principal" = true',
})
export class Membership {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  userId: string;

  @Property({ type: 'uuid' })
  structureId: string;

  /** Set when the user is attached to one service only. */
  @Property({ type: 'uuid', nullable: true })
  serviceId?: string | null;

  @Enum({ items: () => MembershipStatus, nativeEnumName: 'membership_status' })
  status: MembershipStatus = MembershipStatus.ACTIVE;

  @Property({ type: 'boolean' })
  principal: boolean = false;

  @Property({ type: 'json' })
  grants: Grant[];

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  constructor(props: { userId: string; structureId: string; serviceId?: string | null; grants: Grant[]; now: Date }) {
    this.userId = props.userId;
    this.structureId = props.structureId;
    this.serviceId = props.serviceId ?? null;
    this.grants = normalizeGrants(props.grants);
    this.createdAt = props.now;
    this.updatedAt = props.now;
  }

  get isActive(): boolean {
    return this.status === MembershipStatus.ACTIVE;
  }

  effectiveGrants(): Grant[] {
    return effectiveGrantsOf(this);
  }

  allows(application: ApplicationCode, level: GrantLevel, serviceId?: string | null): boolean {
    return membershipAllows(this, application, level, serviceId);
  }

  makePrincipal(now: Date): void {
    this.principal = true;
    this.status = MembershipStatus.ACTIVE;
    this.serviceId = null;
    this.grants = allGrants();
    this.updatedAt = now;
  }
}
