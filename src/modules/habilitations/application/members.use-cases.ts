import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Page, pageOf, PageRequest } from '../../../shared/http/pagination';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { UserDirectory } from '../../accounts/contracts/users';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { allGrants, defaultGrantsForNewMember, Grant, normalizeGrants } from '../contracts/applications';
import { Authorization } from '../contracts/authorization';
import { HabilitationsErrors } from '../domain/habilitations.errors';
import { defaultGrantsGivenBy, grantsBeyondManager, Membership, MembershipStatus } from '../domain/membership.entity';
import { MembershipLists } from '../infrastructure/membership-lists';
import { csvHeader, memberCsvLine, MEMBERS_CSV_COLUMNS, MemberView, MyMembershipView, toMemberView, toMyMembershipView } from './views';

/**
 * The grants a manager may hand out on the structure: his own effective grants (the principal manager's are
 * all of them; a technical account's, its effective rights), or null on the administrators' support path.
 */
export async function grantsOfManager(authorization: Authorization, actor: Actor, structureId: string): Promise<Grant[] | null> {
  if (actor.kind === 'technical-account') return (await authorization.technicalAccountRights(actor))?.grants ?? [];
  if (actor.isAdmin) return null;
  return (await authorization.membershipOf(actor.userId, structureId))?.grants ?? [];
}

/** Refuses grants the manager does not hold and the member did not hold already (400, field `grants`). */
export function assertWithinManagerGrants(granted: readonly Grant[], manager: readonly Grant[] | null, member: readonly Grant[]): void {
  const beyond = grantsBeyondManager(granted, manager, member);
  if (beyond.length > 0) throw new DomainError(HabilitationsErrors.GRANTS_EXCEED_MANAGER, { applications: beyond.join(', ') }, 'grants');
}

/** A uuid no user has: lets a lookup for an unknown address run the same statement as for a known one. */
const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * A manager attaches a user directly, by login e-mail (default grants). The answer never says whether
 * the address has an account: the same 202 whether it has an active account (attached, e-mailed), has
 * none or an inactive one (that address is e-mailed how to join), or is a member already (nothing
 * changes). Both paths write one transaction with one outbox event. The manager sees the outcome in the
 * members list, which only shows people who are members.
 */
@Injectable()
export class AttachMember {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly users: UserDirectory,
    private readonly catalog: StructureCatalog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: UserActor, structureId: string, input: { loginEmail: string; serviceCode?: string }): Promise<void> {
    // Managing members is for structure-level managers: a member attached to one service never brings anyone in.
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', null);
    const grants = defaultGrantsGivenBy(defaultGrantsForNewMember(), await grantsOfManager(this.authorization, actor, structureId));
    let serviceId: string | null = null;
    if (input.serviceCode) {
      const service = await this.catalog.findService(structureId, input.serviceCode.trim().toUpperCase());
      if (!service) throw new DomainError(HabilitationsErrors.SERVICE_NOT_FOUND, { code: input.serviceCode }, 'serviceCode');
      serviceId = service.id;
    }
    const found = await this.users.findByLoginEmail(input.loginEmail);
    const user = found?.status === 'ACTIVE' ? found : null;
    await this.em.transactional(async (em) => {
      const now = this.clock.now();
      let membership = await em.findOne(Membership, { userId: user?.id ?? NO_USER, structureId });
      if (!user) {
        const loginEmail = input.loginEmail.trim().toLowerCase();
        this.outbox.record(em, 'habilitations.attachment-without-account', { structureId, loginEmail, byUserId: actor.userId }, { kind: 'user', id: actor.userId });
        return;
      }
      if (membership?.isActive) return;
      if (membership) {
        membership.status = MembershipStatus.ACTIVE;
        membership.serviceId = serviceId;
        membership.grants = grants;
        membership.updatedAt = now;
      } else {
        membership = new Membership({ userId: user.id, structureId, serviceId, grants, now });
        em.persist(membership);
      }
      this.outbox.record(em, 'habilitations.member-attached', { structureId, userId: user.id, byUserId: actor.userId }, { kind: 'user', id: actor.userId });
    });
  }
}

/**
 * Detaches a member: a manager detaches others, anyone may detach himself. The principal manager
 * cannot be detached (nor leave) until the role is transferred.
 */
@Injectable()
export class DetachMember {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: UserActor, structureId: string, userId: string): Promise<void> {
    const self = userId === actor.userId;
    if (!self) await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', null);
    await this.em.transactional(async (em) => {
      const membership = await em.findOne(Membership, { userId, structureId, status: MembershipStatus.ACTIVE });
      if (!membership) throw new DomainError(HabilitationsErrors.MEMBER_NOT_FOUND);
      if (membership.principal) throw new DomainError(HabilitationsErrors.PRINCIPAL_MANAGER_PROTECTED);
      membership.status = MembershipStatus.DETACHED;
      membership.updatedAt = this.clock.now();
      this.outbox.record(em, 'habilitations.member-detached', { structureId, userId, byUserId: actor.userId }, { kind: 'user', id: actor.userId });
    });
  }
}

/** Replaces a member's grants (the principal manager's cannot change). */
@Injectable()
export class UpdateMemberGrants {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly users: UserDirectory,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, structureId: string, userId: string, grants: Grant[]): Promise<MemberView> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', null);
    const manager = await grantsOfManager(this.authorization, actor, structureId);
    const view = await this.em.transactional(async (em) => {
      const membership = await em.findOne(Membership, { userId, structureId, status: MembershipStatus.ACTIVE });
      if (!membership) throw new DomainError(HabilitationsErrors.MEMBER_NOT_FOUND);
      if (membership.principal) throw new DomainError(HabilitationsErrors.PRINCIPAL_MANAGER_PROTECTED, {}, 'grants');
      assertWithinManagerGrants(grants, manager, membership.effectiveGrants());
      membership.grants = normalizeGrants(grants);
      membership.updatedAt = this.clock.now();
      this.outbox.record(em, 'habilitations.grants-changed', { structureId, userId, byUserId: actor.kind === 'user' ? actor.userId : actor.technicalAccountId }, actor.kind === 'user' ? { kind: 'user', id: actor.userId } : { kind: 'technical-account', id: actor.technicalAccountId });
      return membership;
    });
    return toMemberView(view, (await this.users.findById(userId)) ?? undefined);
  }
}

export interface MemberFilters {
  /** Membership status; ACTIVE by default, ALL for current and former members. */
  status?: MembershipStatus | 'ALL';
  /** Part of the member's login e-mail or name. */
  q?: string;
}

/** The users a members list looks at: the structure's memberships with that status. */
function memberIds(lists: MembershipLists, structureId: string, filters: MemberFilters): Promise<string[]> {
  return lists.memberUserIds(structureId, filters.status ?? MembershipStatus.ACTIVE);
}

/** A structure's members and their grants, one page at a time, by last name, first name, then user id. */
@Injectable()
export class ListMembers {
  constructor(
    private readonly authorization: Authorization,
    private readonly users: UserDirectory,
    private readonly lists: MembershipLists,
  ) {}

  async execute(actor: Actor, structureId: string, filters: MemberFilters, request: PageRequest): Promise<Page<MemberView>> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    const among = await memberIds(this.lists, structureId, filters);
    const found = await this.users.search({ among, q: filters.q }, request);
    const memberships = await this.lists.membershipsOf(structureId, found.items.map((u) => u.id));
    const items = found.items.flatMap((u) => {
      const m = memberships.get(u.id);
      return m ? [toMemberView(m, u)] : [];
    });
    return pageOf(request, items, found.total);
  }
}

/** Every member matching the filters, in the order of the list, as a CSV stream (no page). */
@Injectable()
export class ExportMembers {
  constructor(
    private readonly authorization: Authorization,
    private readonly users: UserDirectory,
    private readonly lists: MembershipLists,
  ) {}

  async execute(actor: Actor, structureId: string, filters: MemberFilters): Promise<Readable> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    const among = await memberIds(this.lists, structureId, filters);
    const { users, lists } = this;
    async function* lines(): AsyncGenerator<string> {
      yield csvHeader(MEMBERS_CSV_COLUMNS);
      for await (const batch of users.searchBatches({ among, q: filters.q })) {
        const memberships = await lists.membershipsOf(structureId, batch.map((u) => u.id));
        yield batch.flatMap((u) => {
          const m = memberships.get(u.id);
          return m ? [memberCsvLine(toMemberView(m, u))] : [];
        }).join('');
      }
    }
    return Readable.from(lines());
  }
}

@Injectable()
export class ListMyMemberships {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: StructureCatalog,
  ) {}

  async execute(actor: UserActor): Promise<MyMembershipView[]> {
    const memberships = await this.em.find(Membership, { userId: actor.userId, status: MembershipStatus.ACTIVE }, { orderBy: { createdAt: 'asc' } });
    const structures = new Map((await this.catalog.findByIds(memberships.map((m) => m.structureId))).map((s) => [s.id, s]));
    return memberships.map((m) => toMyMembershipView(m, structures.get(m.structureId)));
  }
}

/**
 * Transfers the principal manager role: by the current principal manager to a member of the structure,
 * or by a platform administrator to any active user (support path; the user is attached if need be).
 * The former principal manager stays a member with every grant (the new one may reduce them).
 * For the principal manager, an address that is not an active member gets one answer (MEMBER_NOT_FOUND),
 * whether it has an account or not: who is a member he can see, who has an account he cannot.
 * Administrators, who can search every account anyway, are told USER_NOT_FOUND.
 */
@Injectable()
export class TransferPrincipalManager {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UserDirectory,
    private readonly catalog: StructureCatalog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: UserActor, structureId: string, loginEmail: string): Promise<MemberView> {
    const target = await this.users.findByLoginEmail(loginEmail);
    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      const current = await em.findOne(Membership, { structureId, principal: true });
      const isCurrent = current?.userId === actor.userId && current.isActive;
      if (!isCurrent && !actor.isAdmin) throw new DomainError(HabilitationsErrors.NOT_PRINCIPAL_MANAGER);
      const active = target?.status === 'ACTIVE' ? target : null;
      let next = await em.findOne(Membership, { userId: active?.id ?? NO_USER, structureId });
      if (!actor.isAdmin && (!active || !next?.isActive)) throw new DomainError(HabilitationsErrors.MEMBER_NOT_FOUND, {}, 'loginEmail');
      if (!active) throw new DomainError(HabilitationsErrors.USER_NOT_FOUND, {}, 'loginEmail');
      if (actor.isAdmin && !(await this.catalog.findById(structureId))) throw new DomainError(HabilitationsErrors.STRUCTURE_NOT_FOUND, { identifier: structureId });
      if (current && current.userId === active.id) return toMemberView(current, active);
      if (current) {
        current.principal = false;
        current.grants = allGrants();
        current.updatedAt = now;
        // The partial unique index allows one principal per structure: clear the old one first.
        await em.flush();
      }
      if (!next) {
        next = new Membership({ userId: active.id, structureId, grants: [], now });
        em.persist(next);
      }
      next.makePrincipal(now);
      await em.flush();
      this.outbox.record(
        em,
        'habilitations.principal-manager-transferred',
        { structureId, fromUserId: current?.userId ?? null, toUserId: active.id, byUserId: actor.userId },
        { kind: 'user', id: actor.userId },
      );
      return toMemberView(next, active);
    });
  }
}
