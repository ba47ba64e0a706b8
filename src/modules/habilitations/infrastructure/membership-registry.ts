import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { ApplicationCode, GrantLevel } from '../contracts/applications';
import { MembershipRegistry } from '../contracts/authorization';
import { UserDirectory, UserSummary } from '../../accounts/contracts/users';
import { Membership, MembershipFacts, membershipAllows, MembershipStatus } from '../domain/membership.entity';
import { rawRows } from '../../../shared/persistence/raw';
import { emOf, Tx } from '../../../shared/persistence/tx';

@Injectable()
export class MikroMembershipRegistry extends MembershipRegistry {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
  ) {
    super();
  }

  async registerPrincipalManager(tx: Tx, structureId: string, userId: string): Promise<void> {
    const em = emOf(tx);
    const now = this.clock.now();
    const membership = new Membership({ userId, structureId, grants: [], now });
    membership.makePrincipal(now);
    em.persist(membership);
    await em.flush();
  }

  async hasAnyMembership(userId: string): Promise<boolean> {
    return (await rawRows(this.em, `select 1 from hab_membership where user_id = ? and status = 'ACTIVE' limit 1`, [userId])).length > 0;
  }

  /** Who to notify: read with one bound statement (every status e-mail asks), never cached. */
  async usersWithGrant(structureId: string, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): Promise<UserSummary[]> {
    const memberships = await rawRows<MembershipFacts & { user_id: string; service_id: string | null }>(
      this.em,
      `select user_id, status, principal, grants, service_id from hab_membership where structure_id = ? and status = 'ACTIVE' order by created_at, id`,
      [structureId],
    );
    const candidates = memberships.filter((m) => membershipAllows({ ...m, serviceId: m.service_id }, application, level, serviceId)).map((m) => m.user_id);
    return (await this.users.findByIds(candidates)).filter((u) => u.status === 'ACTIVE');
  }

  async principalManagerOf(structureId: string): Promise<UserSummary | null> {
    const [row] = await rawRows<{ user_id: string }>(
      this.em,
      `select user_id from hab_membership where structure_id = ? and principal = true and status = 'ACTIVE'`,
      [structureId],
    );
    const user = row ? await this.users.findById(row.user_id) : null;
    return user?.status === 'ACTIVE' ? user : null;
  }

  async memberUserIds(structureId: string): Promise<string[]> {
    const memberships = await this.em.find(Membership, { structureId, status: MembershipStatus.ACTIVE });
    return memberships.map((m) => m.userId);
  }
}
