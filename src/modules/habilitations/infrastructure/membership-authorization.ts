import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Actor, TechnicalAccountActor } from '../../../shared/auth/actor';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApplicationCode, Grant, GrantLevel, hasGrant } from '../contracts/applications';
import { Authorization, AuthorizedScope } from '../contracts/authorization';
import { Membership, MembershipStatus } from '../domain/membership.entity';
import { TechnicalAccountGrants } from '../../connections/contracts/technical-account-grants';

/** Applications platform administrators may act on anywhere (support path); never invoices. */
const SUPPORT_APPLICATIONS: readonly ApplicationCode[] = ['ORGANISATION'];

/**
 * The rule: an active membership of the actor on the structure holding (application, level); a member
 * attached to one service passes a service-scoped check only for that service. Administrators pass
 * Organisation checks everywhere. Technical accounts act for their own structure only, with the grants the
 * connections context gave them (TechnicalAccountGrants).
 */
@Injectable()
export class MembershipAuthorization extends Authorization {
  private readonly logger = new Logger('Authorization');

  constructor(
    private readonly em: EntityManager,
    private readonly technicalAccountGrants: TechnicalAccountGrants,
  ) {
    super();
  }

  /** Grants read at authentication travel with the actor; otherwise (jobs, tests) they are read here. */
  private async grantsOf(actor: TechnicalAccountActor): Promise<Grant[]> {
    return actor.grants ? (actor.grants as Grant[]) : this.technicalAccountGrants.grantsOf(actor.technicalAccountId);
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
      return actor.structureId === structureId && hasGrant(await this.grantsOf(actor), application, level);
    }
    if (actor.isAdmin && SUPPORT_APPLICATIONS.includes(application)) return true;
    const membership = await this.em.findOne(Membership, { userId: actor.userId, structureId, status: MembershipStatus.ACTIVE });
    return membership !== null && membership.allows(application, level, serviceId);
  }

  async structuresAllowed(actor: Actor, application: ApplicationCode, level: GrantLevel): Promise<string[]> {
    if (actor.kind === 'technical-account') {
      return hasGrant(await this.grantsOf(actor), application, level) ? [actor.structureId] : [];
    }
    const memberships = await this.em.find(Membership, { userId: actor.userId, status: MembershipStatus.ACTIVE }, { orderBy: { createdAt: 'asc' } });
    return memberships.filter((m) => hasGrant(m.effectiveGrants(), application, level)).map((m) => m.structureId);
  }

  async scopesAllowed(actor: Actor, application: ApplicationCode, level: GrantLevel): Promise<AuthorizedScope[]> {
    if (actor.kind === 'technical-account') {
      return (await this.structuresAllowed(actor, application, level)).map((structureId) => ({ structureId, serviceId: null }));
    }
    const memberships = await this.em.find(Membership, { userId: actor.userId, status: MembershipStatus.ACTIVE }, { orderBy: { createdAt: 'asc' } });
    return memberships
      .filter((m) => hasGrant(m.effectiveGrants(), application, level))
      .map((m) => ({ structureId: m.structureId, serviceId: m.serviceId ?? null }));
  }
}
