import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { UserDirectory } from '../../accounts/contracts/users';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { defaultGrantsForNewMember, Grant, normalizeGrants } from '../contracts/applications';
import { Authorization } from '../contracts/authorization';
import { HabilitationsErrors } from '../domain/habilitations.errors';
import { MembershipRequest, MembershipRequestKind, MembershipRequestStatus } from '../domain/membership-request.entity';
import { Membership, MembershipStatus } from '../domain/membership.entity';
import { MembershipRequestView, toRequestView } from './views';

export interface RequestMembershipInput {
  structureIdentifier: string;
  identifierType?: string;
  serviceCode?: string;
  comment: string;
  grants?: Grant[];
}

/**
 * A user asks to be attached to a structure, or (already a member) asks for more grants. The request
 * waits in the approvals inbox of whoever holds Organisation – modification there.
 */
@Injectable()
export class RequestMembership {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: StructureCatalog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: UserActor, input: RequestMembershipInput): Promise<MembershipRequestView> {
    const identifier = input.structureIdentifier.replace(/\s+/g, '');
    const structure = await this.catalog.findByIdentifier(identifier, input.identifierType);
    if (!structure) throw new DomainError(HabilitationsErrors.STRUCTURE_NOT_FOUND, { identifier }, 'structureIdentifier');
    let serviceId: string | null = null;
    if (input.serviceCode) {
      const service = await this.catalog.findService(structure.id, input.serviceCode.trim().toUpperCase());
      if (!service) throw new DomainError(HabilitationsErrors.SERVICE_NOT_FOUND, { code: input.serviceCode }, 'serviceCode');
      serviceId = service.id;
    }
    try {
      return await this.em.transactional(async (em) => {
        const membership = await em.findOne(Membership, { userId: actor.userId, structureId: structure.id, status: MembershipStatus.ACTIVE });
        if (membership && !input.grants?.length) throw new DomainError(HabilitationsErrors.ALREADY_MEMBER, {}, 'structureIdentifier');
        const request = new MembershipRequest({
          userId: actor.userId,
          structureId: structure.id,
          serviceId,
          kind: membership ? MembershipRequestKind.GRANTS : MembershipRequestKind.ATTACHMENT,
          requestedGrants: input.grants?.length ? normalizeGrants(input.grants) : null,
          comment: input.comment.trim(),
          now: this.clock.now(),
        });
        em.persist(request);
        await em.flush();
        this.outbox.record(em, 'habilitations.membership-requested', { requestId: request.id, structureId: structure.id, userId: actor.userId }, { kind: 'user', id: actor.userId });
        return toRequestView(request, structure, undefined);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(HabilitationsErrors.REQUEST_ALREADY_PENDING, {}, 'structureIdentifier');
      throw error;
    }
  }
}

/** The approvals inbox: requests on every structure where the caller holds Organisation – modification. */
@Injectable()
export class ListApprovals {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly users: UserDirectory,
  ) {}

  async execute(actor: Actor, status: MembershipRequestStatus | 'ALL' = MembershipRequestStatus.PENDING): Promise<MembershipRequestView[]> {
    const structureIds = await this.authorization.structuresAllowed(actor, 'ORGANISATION', 'MODIFICATION');
    if (structureIds.length === 0) return [];
    const where = status === 'ALL' ? { structureId: { $in: structureIds } } : { structureId: { $in: structureIds }, status };
    const requests = await this.em.find(MembershipRequest, where, { orderBy: { createdAt: 'desc' }, limit: 1000 });
    const structures = new Map((await this.catalog.findByIds([...new Set(requests.map((r) => r.structureId))])).map((s) => [s.id, s]));
    const users = new Map((await this.users.findByIds([...new Set(requests.map((r) => r.userId))])).map((u) => [u.id, u]));
    return requests.map((r) => toRequestView(r, structures.get(r.structureId), users.get(r.userId)));
  }
}

/** Approve (attaches with the default grants, or adds the requested grants) or refuse (comment required). */
@Injectable()
export class DecideMembershipRequest {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly catalog: StructureCatalog,
  ) {}

  approve(actor: UserActor, requestId: string, comment?: string): Promise<MembershipRequestView> {
    return this.decide(actor, requestId, true, comment);
  }

  refuse(actor: UserActor, requestId: string, comment: string): Promise<MembershipRequestView> {
    return this.decide(actor, requestId, false, comment);
  }

  private async decide(actor: UserActor, requestId: string, approved: boolean, comment?: string): Promise<MembershipRequestView> {
    const view = await this.em.transactional(async (em) => {
      const request = await em.findOne(MembershipRequest, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!request) throw new DomainError(HabilitationsErrors.REQUEST_NOT_FOUND);
      await this.authorization.require(actor, request.structureId, 'ORGANISATION', 'MODIFICATION');
      if (request.status !== MembershipRequestStatus.PENDING) throw new DomainError(HabilitationsErrors.REQUEST_ALREADY_DECIDED, { status: request.status });
      const now = this.clock.now();
      request.status = approved ? MembershipRequestStatus.APPROVED : MembershipRequestStatus.REFUSED;
      request.decidedBy = actor.userId;
      request.decidedAt = now;
      request.decisionComment = comment?.trim() || null;
      if (approved) {
        let membership = await em.findOne(Membership, { userId: request.userId, structureId: request.structureId });
        if (!membership) {
          membership = new Membership({ userId: request.userId, structureId: request.structureId, serviceId: request.serviceId, grants: defaultGrantsForNewMember(), now });
          em.persist(membership);
        } else if (membership.status !== MembershipStatus.ACTIVE) {
          // Re-attachment of a former member: a fresh start with the defaults. (An ATTACHMENT request of
          // someone attached meanwhile leaves his current grants alone.)
          membership.status = MembershipStatus.ACTIVE;
          membership.serviceId = request.serviceId ?? null;
          membership.grants = defaultGrantsForNewMember();
          membership.updatedAt = now;
        }
        if (request.requestedGrants?.length && !membership.principal) {
          membership.grants = normalizeGrants([...membership.grants, ...request.requestedGrants]);
          membership.updatedAt = now;
        }
      }
      this.outbox.record(em, 'habilitations.membership-request-decided', { requestId: request.id, structureId: request.structureId, userId: request.userId, approved }, { kind: 'user', id: actor.userId });
      return request;
    });
    return toRequestView(view, (await this.catalog.findById(view.structureId)) ?? undefined, undefined);
  }
}
