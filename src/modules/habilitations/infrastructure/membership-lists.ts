import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { cursorBatches } from '../../../shared/persistence/cursor';
import { Grant } from '../contracts/applications';
import { MembershipRequestKind, MembershipRequestStatus } from '../domain/membership-request.entity';
import { Membership, MembershipStatus } from '../domain/membership.entity';

/** Which requests an approvals list shows: structures the caller manages, a status, and maybe some requesters only. */
export interface RequestScope {
  structureIds: readonly string[];
  /** Absent: every status. */
  status?: MembershipRequestStatus;
  /** Absent: every requester. */
  userIds?: readonly string[];
}

/** What a request row says (the entity's fields, read without the identity map). */
export interface RequestRecord {
  id: string;
  userId: string;
  structureId: string;
  serviceId: string | null;
  kind: MembershipRequestKind;
  status: MembershipRequestStatus;
  requestedGrants: Grant[] | null;
  grantedGrants: Grant[] | null;
  comment: string;
  decidedBy: string | null;
  decisionComment: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

interface RequestRow {
  id: string;
  user_id: string;
  structure_id: string;
  service_id: string | null;
  kind: MembershipRequestKind;
  status: MembershipRequestStatus;
  requested_grants: Grant[] | null;
  granted_grants: Grant[] | null;
  comment: string;
  decided_by: string | null;
  decision_comment: string | null;
  decided_at: Date | string | null;
  created_at: Date | string;
}

const toRecord = (r: RequestRow): RequestRecord => ({
  id: r.id,
  userId: r.user_id,
  structureId: r.structure_id,
  serviceId: r.service_id,
  kind: r.kind,
  status: r.status,
  requestedGrants: r.requested_grants,
  grantedGrants: r.granted_grants,
  comment: r.comment,
  decidedBy: r.decided_by,
  decisionComment: r.decision_comment,
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
  createdAt: new Date(r.created_at),
});

/**
 * The queries behind the members list and the approvals inbox. Id lists travel as one array parameter
 * (`= any($1)`), so a structure of any size fits in one statement.
 */
@Injectable()
export class MembershipLists {
  constructor(private readonly em: EntityManager) {}

  /** Users attached to the structure with that membership status (every status for 'ALL'). */
  async memberUserIds(structureId: string, status: MembershipStatus | 'ALL'): Promise<string[]> {
    const q = this.em.getKnex()('hab_membership').select('user_id').where('structure_id', structureId);
    if (status !== 'ALL') q.where('status', status);
    return ((await q) as { user_id: string }[]).map((r) => r.user_id);
  }

  /**
   * The memberships of these users in the structure (one per user), keyed by user id. Read-only copies
   * outside the identity map, so an export does not pile up every member in it.
   */
  async membershipsOf(structureId: string, userIds: readonly string[]): Promise<Map<string, Membership>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.em.find(Membership, { structureId, userId: { $in: [...userIds] } }, { disableIdentityMap: true });
    return new Map(rows.map((m) => [m.userId, m]));
  }

  /** Distinct requesters of the requests in scope (to narrow them by name or e-mail). */
  async requesterIds(scope: Omit<RequestScope, 'userIds'>): Promise<string[]> {
    const rows = (await this.requests(scope).clearSelect().distinct('user_id')) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  /** Newest first (request date, then id): one page and how many there are. */
  async requestsPage(scope: RequestScope, page: { limit: number; offset: number }): Promise<{ items: RequestRecord[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.ordered(this.requests(scope)).limit(page.limit).offset(page.offset) as Promise<RequestRow[]>,
      this.requests(scope).clearSelect().count({ total: '*' }) as Promise<{ total: string }[]>,
    ]);
    return { items: rows.map(toRecord), total: Number(count[0]?.total ?? 0) };
  }

  /** The same order, batch after batch from a server-side cursor (exports of any size). */
  async *requestBatches(scope: RequestScope, batchSize = 500): AsyncGenerator<RequestRecord[]> {
    for await (const rows of cursorBatches<RequestRow>(this.em.getKnex(), this.ordered(this.requests(scope)).toSQL().toNative(), batchSize)) {
      yield rows.map(toRecord);
    }
  }

  private requests(scope: RequestScope): Knex.QueryBuilder {
    const q = this.em
      .getKnex()('hab_membership_request')
      .select('id', 'user_id', 'structure_id', 'service_id', 'kind', 'status', 'requested_grants', 'granted_grants', 'comment', 'decided_by', 'decision_comment', 'decided_at', 'created_at')
      .whereRaw('structure_id = any(?::uuid[])', [[...scope.structureIds]]);
    if (scope.status) q.where('status', scope.status);
    if (scope.userIds) q.whereRaw('user_id = any(?::uuid[])', [[...scope.userIds]]);
    return q;
  }

  private ordered(q: Knex.QueryBuilder): Knex.QueryBuilder {
    return q.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  }
}
