import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Actor, TechnicalAccountActor } from '../../../shared/auth/actor';
import { rawRows } from '../../../shared/persistence/raw';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { UserActivity } from '../../accounts/contracts/users';
import { TechnicalAccountFacts, TechnicalAccountGrants } from '../../connections/contracts/technical-account-grants';
import { ApplicationCode, Grant, GrantLevel, hasGrant, intersectGrants } from '../contracts/applications';
import { ActingMandate, Authorization, AuthorizedScope, DelegatedRights, InvoiceIssuance, MembershipSummary } from '../contracts/authorization';
import { mandateDay } from '../domain/billing-mandate.entity';
import { effectiveGrantsOf, MembershipFacts, membershipAllows, MembershipStatus } from '../domain/membership.entity';
import { ActiveMembership, MembershipCache } from './membership-cache';

interface MembershipRow {
  structure_id: string;
  service_id: string | null;
  status: MembershipFacts['status'];
  principal: boolean;
  grants: Grant[];
}

/** Applications platform administrators may act on anywhere (support path); never invoices. */
const SUPPORT_APPLICATIONS: readonly ApplicationCode[] = ['ORGANISATION'];

/**
 * The rule: an active membership of the actor on the structure holding (application, level); a member
 * attached to one service passes a service-scoped check only for that service. Administrators pass
 * Organisation checks everywhere. Technical accounts act for their own structure only, with the grants the
 * connections context gave them (TechnicalAccountGrants) intersected with their creator's current
 * membership there, and within his service when he is attached to one: an account never holds more than
 * the user who created it, and follows him at once (detached, deactivated, downgraded).
 */
@Injectable()
export class MembershipAuthorization extends Authorization {
  private readonly logger = new Logger('Authorization');
  private readonly rightsOfRequest = new WeakMap<TechnicalAccountActor, Promise<DelegatedRights | null>>();

  constructor(
    private readonly em: EntityManager,
    private readonly technicalAccountGrants: TechnicalAccountGrants,
    private readonly memberships: MembershipCache,
    private readonly users: UserActivity,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** Facts read at authentication travel with the actor; otherwise (jobs, tests) they are read here. */
  private async factsOf(actor: TechnicalAccountActor): Promise<TechnicalAccountFacts | null> {
    if (actor.grants && actor.createdBy !== undefined) return { grants: actor.grants as Grant[], createdBy: actor.createdBy };
    return this.technicalAccountGrants.factsOf(actor.technicalAccountId);
  }

  /**
   * Per actor object, i.e. per request (the strategy builds one per call; jobs one per run): the several
   * checks of one request read the creator's rights once, even when the caches are off. A change committed
   * during the request applies from the next one, as for any check already made.
   */
  technicalAccountRights(actor: TechnicalAccountActor): Promise<DelegatedRights | null> {
    let rights = this.rightsOfRequest.get(actor);
    if (!rights) {
      rights = this.readTechnicalAccountRights(actor);
      this.rightsOfRequest.set(actor, rights);
      rights.catch(() => this.rightsOfRequest.delete(actor));
    }
    return rights;
  }

  private async readTechnicalAccountRights(actor: TechnicalAccountActor): Promise<DelegatedRights | null> {
    const facts = await this.factsOf(actor);
    if (!facts?.createdBy) return null;
    // One after the other: inside a transaction both would share its connection. Both are cache hits in the
    // common case (D13).
    const [membership] = await this.activeMemberships(facts.createdBy, actor.structureId);
    if (!membership || !(await this.users.isActive(facts.createdBy))) return null;
    return { serviceId: membership.serviceId ?? null, grants: intersectGrants(facts.grants, effectiveGrantsOf(membership)) };
  }

  async membershipOf(userId: string, structureId: string): Promise<MembershipSummary | null> {
    const [membership] = await this.activeMemberships(userId, structureId);
    return membership ? summaryOf(membership) : null;
  }

  async membershipsOf(userId: string): Promise<Array<MembershipSummary & { structureId: string }>> {
    return (await this.activeMemberships(userId)).map((m) => ({ structureId: m.structureId, ...summaryOf(m) }));
  }

  async actingMandate(actor: Actor, mandatorStructureId: string, level: GrantLevel, mandateId?: string): Promise<ActingMandate | null> {
    const today = mandateDay(this.clock.now());
    const rows = await rawRows<{ id: string; mandatary_structure_id: string }>(
      this.em,
      `select id, mandatary_structure_id from hab_billing_mandate
        where mandator_structure_id = ? and status = 'ACTIVE' and start_date <= ?::date and (end_date is null or end_date >= ?::date)
          ${mandateId === undefined ? '' : 'and id = ?'}
        order by created_at, id for share`,
      mandateId === undefined ? [mandatorStructureId, today, today] : [mandatorStructureId, today, today, mandateId],
    );
    for (const row of rows) {
      if (await this.allows(actor, row.mandatary_structure_id, 'FACTURES_EMISES', level, null)) {
        return { mandateId: row.id, mandataryStructureId: row.mandatary_structure_id };
      }
    }
    return null;
  }

  async allowsAsIssuer(actor: Actor, issuance: InvoiceIssuance, level: GrantLevel): Promise<boolean> {
    if (!issuance.issuerStructureId || !issuance.mandateId) return false;
    if (level === 'CONSULTATION') return this.allows(actor, issuance.issuerStructureId, 'FACTURES_EMISES', 'CONSULTATION', null);
    const mandate = await this.actingMandate(actor, issuance.supplierStructureId, level, issuance.mandateId);
    return mandate?.mandataryStructureId === issuance.issuerStructureId;
  }

  async require(actor: Actor, structureId: string, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): Promise<void> {
    if (await this.allows(actor, structureId, application, level, serviceId)) return;
    this.logger.warn({
      msg: 'authorization refused',
      actor: actor.kind === 'user' ? { kind: 'user', id: actor.userId } : { kind: actor.kind, id: actor.technicalAccountId },
      structureId,
      serviceId,
      application,
      level,
    });
    throw new DomainError(CommonErrors.FORBIDDEN);
  }

  async allows(actor: Actor, structureId: string, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): Promise<boolean> {
    if (actor.kind === 'technical-account') {
      if (actor.structureId !== structureId) return false;
      const rights = await this.technicalAccountRights(actor);
      return rights !== null && membershipAllows({ status: MembershipStatus.ACTIVE, principal: false, ...rights }, application, level, serviceId);
    }
    if (actor.isAdmin && SUPPORT_APPLICATIONS.includes(application)) return true;
    const [membership] = await this.activeMemberships(actor.userId, structureId);
    return membership !== undefined && membershipAllows(membership, application, level, serviceId);
  }

  async structuresAllowed(actor: Actor, application: ApplicationCode, level: GrantLevel): Promise<string[]> {
    return (await this.scopesAllowed(actor, application, level)).map((scope) => scope.structureId);
  }

  async scopesAllowed(actor: Actor, application: ApplicationCode, level: GrantLevel): Promise<AuthorizedScope[]> {
    if (actor.kind === 'technical-account') {
      const rights = await this.technicalAccountRights(actor);
      return rights && hasGrant(rights.grants, application, level) ? [{ structureId: actor.structureId, serviceId: rights.serviceId }] : [];
    }
    return (await this.activeMemberships(actor.userId))
      .filter((m) => hasGrant(effectiveGrantsOf(m), application, level))
      .map((m) => ({ structureId: m.structureId, serviceId: m.serviceId ?? null }));
  }

  /**
   * The user's active memberships, read by one bound statement (not an entity load: this runs on nearly
   * every request, and the rule needs no managed entity), or taken from the process's `MembershipCache`,
   * which every committed change to them clears: a removed grant stops working at once (D13).
   * Inside a transaction a miss reads in it and is not kept (`RowCache`).
   */
  private async activeMemberships(userId: string, structureId?: string): Promise<ActiveMembership[]> {
    const all = await this.memberships.activeOf(userId, () => this.read(userId));
    return structureId === undefined ? all : all.filter((m) => m.structureId === structureId);
  }

  private async read(userId: string): Promise<ActiveMembership[]> {
    const rows = await rawRows<MembershipRow>(
      this.em,
      `select structure_id, service_id, status, principal, grants from hab_membership where user_id = ? and status = 'ACTIVE' order by created_at, id`,
      [userId],
    );
    return rows.map((r) => ({ structureId: r.structure_id, serviceId: r.service_id, status: r.status, principal: r.principal, grants: r.grants }));
  }
}

function summaryOf(membership: ActiveMembership): MembershipSummary {
  return { principal: membership.principal, serviceId: membership.serviceId ?? null, grants: effectiveGrantsOf(membership) };
}
