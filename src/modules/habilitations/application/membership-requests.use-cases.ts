import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
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
import { defaultGrantsForNewMember, Grant, normalizeGrants } from '../contracts/applications';
import { Authorization } from '../contracts/authorization';
import { HabilitationsErrors } from '../domain/habilitations.errors';
import { MembershipRequest, MembershipRequestKind, MembershipRequestStatus } from '../domain/membership-request.entity';
import { defaultGrantsGivenBy, Membership, MembershipStatus } from '../domain/membership.entity';
import { assertWithinManagerGrants, grantsOfManager } from './members.use-cases';
import { MembershipLists, RequestRecord, RequestScope } from '../infrastructure/membership-lists';
import { APPROVALS_CSV_COLUMNS, approvalCsvLine, csvHeader, MembershipRequestView, toRequestView } from './views';

export interface RequestMembershipInput {
  structureIdentifier: string;
  identifierType?: string;
  serviceCode?: string;
  comment: string;
}

/**
 * A user asks to be attached to a structure, or (already a member) asks for more grants, saying which in
 * the comment. The request carries no grants: whoever approves it sets them. It waits in the approvals
 * inbox of whoever holds Organisation – modification there.
 */
@Injectable()
export class RequestMembership {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: StructureCatalog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
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
    // The answer names the requester, as the approvals list does.
    const requester = (await this.users.findById(actor.userId)) ?? undefined;
    try {
      return await this.em.transactional(async (em) => {
        const membership = await em.findOne(Membership, { userId: actor.userId, structureId: structure.id, status: MembershipStatus.ACTIVE });
        // The principal manager holds every grant already: nothing to ask for.
        if (membership?.principal) throw new DomainError(HabilitationsErrors.ALREADY_MEMBER, {}, 'structureIdentifier');
        const request = new MembershipRequest({
          userId: actor.userId,
          structureId: structure.id,
          serviceId,
          kind: membership ? MembershipRequestKind.GRANTS : MembershipRequestKind.ATTACHMENT,
          comment: input.comment.trim(),
          now: this.clock.now(),
        });
        em.persist(request);
        await em.flush();
        this.outbox.record(em, 'habilitations.membership-requested', { requestId: request.id, structureId: structure.id, userId: actor.userId }, { kind: 'user', id: actor.userId });
        return toRequestView(request, structure, requester);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(HabilitationsErrors.REQUEST_ALREADY_PENDING, {}, 'structureIdentifier');
      throw error;
    }
  }
}

export interface ApprovalFilters {
  /** PENDING by default; ALL for every status. */
  status?: MembershipRequestStatus | 'ALL';
  /** One structure only (the caller must hold Organisation – modification there). */
  structureId?: string;
  /** Part of the requester's login e-mail or name. */
  q?: string;
}

/**
 * Which requests the caller's inbox holds: those on every structure where he holds Organisation –
 * modification (or on the one asked for, which he must manage: 403 otherwise), narrowed by status and
 * requester. Null when nothing can match.
 */
async function inboxScope(authorization: Authorization, users: UserDirectory, lists: MembershipLists, actor: Actor, filters: ApprovalFilters): Promise<RequestScope | null> {
  let structureIds: string[];
  // Approvers manage the whole structure: a member attached to one service is none, whatever his grants.
  if (filters.structureId) {
    await authorization.require(actor, filters.structureId, 'ORGANISATION', 'MODIFICATION', null);
    structureIds = [filters.structureId];
  } else {
    structureIds = (await authorization.scopesAllowed(actor, 'ORGANISATION', 'MODIFICATION')).filter((s) => s.serviceId === null).map((s) => s.structureId);
  }
  if (structureIds.length === 0) return null;
  const wanted = filters.status ?? MembershipRequestStatus.PENDING;
  const scope: RequestScope = { structureIds, status: wanted === 'ALL' ? undefined : wanted };
  if (filters.q?.trim()) {
    const requesters = await lists.requesterIds(scope);
    const matching = (await users.search({ among: requesters, q: filters.q })).items.map((u) => u.id);
    if (matching.length === 0) return null;
    scope.userIds = matching;
  }
  return scope;
}

/** Names each request's structure and requester: one lookup of each per batch, never per row. */
async function requestViews(catalog: StructureCatalog, users: UserDirectory, records: RequestRecord[]): Promise<MembershipRequestView[]> {
  const structures = new Map((await catalog.findByIds([...new Set(records.map((r) => r.structureId))])).map((s) => [s.id, s]));
  const requesters = new Map((await users.findByIds([...new Set(records.map((r) => r.userId))])).map((u) => [u.id, u]));
  return records.map((r) => toRequestView(r, structures.get(r.structureId), requesters.get(r.userId)));
}

/** The approvals inbox, one page at a time, newest request first (request date, then id). */
@Injectable()
export class ListApprovals {
  constructor(
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly users: UserDirectory,
    private readonly lists: MembershipLists,
  ) {}

  async execute(actor: Actor, filters: ApprovalFilters, request: PageRequest): Promise<Page<MembershipRequestView>> {
    const scope = await inboxScope(this.authorization, this.users, this.lists, actor, filters);
    if (!scope) return pageOf(request, [], 0);
    const found = await this.lists.requestsPage(scope, request);
    return pageOf(request, await requestViews(this.catalog, this.users, found.items), found.total);
  }
}

/** The whole inbox matching the filters, in the order of the list, as a CSV stream (no page, no cap). */
@Injectable()
export class ExportApprovals {
  constructor(
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly users: UserDirectory,
    private readonly lists: MembershipLists,
  ) {}

  async execute(actor: Actor, filters: ApprovalFilters): Promise<Readable> {
    const scope = await inboxScope(this.authorization, this.users, this.lists, actor, filters);
    const { catalog, users, lists } = this;
    async function* lines(): AsyncGenerator<string> {
      yield csvHeader(APPROVALS_CSV_COLUMNS);
      if (!scope) return;
      for await (const batch of lists.requestBatches(scope)) {
        yield (await requestViews(catalog, users, batch)).map(approvalCsvLine).join('');
      }
    }
    return Readable.from(lines());
  }
}

export interface ApprovalInput {
  comment?: string;
  /** The member's grants on the structure after the approval; absent: at least the defaults (see below). */
  grants?: Grant[];
}

/**
 * Approve or refuse (comment required). The approver alone sets the grants: those of the approval body
 * (they replace the member's, as `PUT …/grants` does), or without any, the default grants of a new
 * member added to what the member already holds (an approval never lowers grants it was not told to).
 * Whatever the request says is never applied. The principal manager's grants never change. The grants
 * given are kept on the request (`grantedGrants`) and listed in the requester's e-mail.
 */
@Injectable()
export class DecideMembershipRequest {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly catalog: StructureCatalog,
    private readonly users: UserDirectory,
  ) {}

  approve(actor: UserActor, requestId: string, input: ApprovalInput = {}): Promise<MembershipRequestView> {
    return this.decide(actor, requestId, true, input.comment, input.grants);
  }

  refuse(actor: UserActor, requestId: string, comment: string): Promise<MembershipRequestView> {
    return this.decide(actor, requestId, false, comment);
  }

  private async decide(actor: UserActor, requestId: string, approved: boolean, comment?: string, grants?: Grant[]): Promise<MembershipRequestView> {
    const view = await this.em.transactional(async (em) => {
      const request = await em.findOne(MembershipRequest, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!request) throw new DomainError(HabilitationsErrors.REQUEST_NOT_FOUND);
      await this.authorization.require(actor, request.structureId, 'ORGANISATION', 'MODIFICATION', null);
      if (request.status !== MembershipRequestStatus.PENDING) throw new DomainError(HabilitationsErrors.REQUEST_ALREADY_DECIDED, { status: request.status });
      // Nobody hands out a grant he does not hold, not even to himself through his own request.
      const manager = approved ? await grantsOfManager(this.authorization, actor, request.structureId) : null;
      const now = this.clock.now();
      request.status = approved ? MembershipRequestStatus.APPROVED : MembershipRequestStatus.REFUSED;
      request.decidedBy = actor.userId;
      request.decidedAt = now;
      request.decisionComment = comment?.trim() || null;
      if (approved) {
        let membership = await em.findOne(Membership, { userId: request.userId, structureId: request.structureId });
        // A request for more grants is about a current member: once he has left or been detached, approving it
        // must not re-attach him (on the service it named, or the whole structure when it named none).
        if (request.kind === MembershipRequestKind.GRANTS && !membership?.isActive) throw new DomainError(HabilitationsErrors.MEMBER_NOT_FOUND);
        const held = membership?.status === MembershipStatus.ACTIVE ? membership.effectiveGrants() : [];
        if (grants !== undefined) assertWithinManagerGrants(grants, manager, held);
        const granted = grants !== undefined ? normalizeGrants(grants) : normalizeGrants([...held, ...defaultGrantsGivenBy(defaultGrantsForNewMember(), manager)]);
        if (!membership) {
          membership = new Membership({ userId: request.userId, structureId: request.structureId, serviceId: request.serviceId, grants: granted, now });
          em.persist(membership);
        } else {
          if (membership.status !== MembershipStatus.ACTIVE) {
            // Re-attachment of a former member: a fresh start, on the service asked for.
            membership.status = MembershipStatus.ACTIVE;
            membership.serviceId = request.serviceId ?? null;
          }
          if (!membership.principal) membership.grants = granted;
          membership.updatedAt = now;
        }
        request.grantedGrants = membership.effectiveGrants();
      }
      this.outbox.record(em, 'habilitations.membership-request-decided', { requestId: request.id, structureId: request.structureId, userId: request.userId, approved }, { kind: 'user', id: actor.userId });
      return request;
    });
    const [structure, requester] = await Promise.all([this.catalog.findById(view.structureId), this.users.findById(view.userId)]);
    return toRequestView(view, structure ?? undefined, requester ?? undefined);
  }
}
