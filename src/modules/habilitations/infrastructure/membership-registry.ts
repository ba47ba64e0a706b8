import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { ApplicationCode, GrantLevel, hasGrant } from '../contracts/applications';
import { MembershipRegistry } from '../contracts/authorization';
import { UserDirectory } from '../../accounts/contracts/users';
import { Membership, MembershipStatus } from '../domain/membership.entity';

@Injectable()
export class MikroMembershipRegistry extends MembershipRegistry {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
  ) {
    super();
  }

  async registerPrincipalManager(em: EntityManager, structureId: string, userId: string): Promise<void> {
    const now = this.clock.now();
    const membership = new Membership({ userId, structureId, grants: [], now });
    membership.makePrincipal(now);
    em.persist(membership);
    await em.flush();
  }

  async hasAnyMembership(userId: string): Promise<boolean> {
    return (await this.em.count(Membership, { userId, status: MembershipStatus.ACTIVE })) > 0;
  }

  async usersWithGrant(structureId: string, application: ApplicationCode, level: GrantLevel): Promise<string[]> {
    const memberships = await this.em.find(Membership, { structureId, status: MembershipStatus.ACTIVE });
    const candidates = memberships.filter((m) => hasGrant(m.effectiveGrants(), application, level)).map((m) => m.userId);
    return (await this.users.findByIds(candidates)).filter((u) => u.status === 'ACTIVE').map((u) => u.id);
  }

  async memberUserIds(structureId: string): Promise<string[]> {
    const memberships = await this.em.find(Membership, { structureId, status: MembershipStatus.ACTIVE });
    return memberships.map((m) => m.userId);
  }
}
