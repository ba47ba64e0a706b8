import { csvLine } from '../../../shared/http/csv';
import { UserSummary } from '../../accounts/contracts/users';
import { StructureSummary } from '../../organisation/contracts/structures';
import { Grant } from '../contracts/applications';
import { MembershipRequest } from '../domain/membership-request.entity';
import { Membership } from '../domain/membership.entity';

export interface MemberView {
  userId: string;
  loginEmail: string;
  firstName: string;
  lastName: string;
  principal: boolean;
  /** ACTIVE, or DETACHED for a former member (lists filtered by status). */
  status: string;
  serviceId: string | null;
  grants: Grant[];
  since: string;
}

export function toMemberView(m: Membership, user: UserSummary | undefined): MemberView {
  return {
    userId: m.userId,
    loginEmail: user?.loginEmail ?? '',
    firstName: user?.firstName ?? '',
    lastName: user?.lastName ?? '',
    principal: m.principal,
    status: m.status,
    serviceId: m.serviceId ?? null,
    grants: m.effectiveGrants(),
    since: m.createdAt.toISOString(),
  };
}

export interface MyMembershipView {
  structureId: string;
  structurePublicId: number | null;
  identifier: string;
  companyName: string;
  structureActive: boolean;
  principal: boolean;
  serviceId: string | null;
  grants: Grant[];
}

export function toMyMembershipView(m: Membership, s: StructureSummary | undefined): MyMembershipView {
  return {
    structureId: m.structureId,
    structurePublicId: s?.publicId ?? null,
    identifier: s?.identifier ?? '',
    companyName: s?.companyName ?? '',
    structureActive: s?.active ?? false,
    principal: m.principal,
    serviceId: m.serviceId ?? null,
    grants: m.effectiveGrants(),
  };
}

export interface MembershipRequestView {
  id: string;
  kind: string;
  status: string;
  structureId: string;
  structureIdentifier: string;
  structureName: string;
  serviceId: string | null;
  requester: { id: string; loginEmail: string; firstName: string; lastName: string };
  comment: string;
  requestedGrants: Grant[] | null;
  grantedGrants: Grant[] | null;
  decidedBy: string | null;
  decisionComment: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** What a request view needs: the entity, or a row read for a list. */
export type RequestFacts = Pick<
  MembershipRequest,
  'id' | 'kind' | 'status' | 'structureId' | 'userId' | 'serviceId' | 'comment' | 'requestedGrants' | 'grantedGrants' | 'decidedBy' | 'decisionComment' | 'decidedAt' | 'createdAt'
>;

export function toRequestView(r: RequestFacts, s: StructureSummary | undefined, u: UserSummary | undefined): MembershipRequestView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    structureId: r.structureId,
    structureIdentifier: s?.identifier ?? '',
    structureName: s?.companyName ?? '',
    serviceId: r.serviceId ?? null,
    requester: { id: r.userId, loginEmail: u?.loginEmail ?? '', firstName: u?.firstName ?? '', lastName: u?.lastName ?? '' },
    comment: r.comment,
    requestedGrants: r.requestedGrants ?? null,
    grantedGrants: r.grantedGrants ?? null,
    decidedBy: r.decidedBy ?? null,
    decisionComment: r.decisionComment ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export { toCsv } from '../../../shared/http/csv';

export function grantsToText(grants: Grant[]): string {
  return grants.map((g) => `${g.application}:${g.level}`).join(' ');
}

/** First line of a CSV export: a byte-order mark (so Excel reads UTF-8) and the column titles. */
export const csvHeader = (titles: readonly string[]): string => `\uFEFF${csvLine(titles)}`;

export const APPROVALS_CSV_COLUMNS = ['id', 'date', 'type', 'statut', 'identifiant', 'structure', 'demandeur', 'email', 'commentaire', 'decision'] as const;

export function approvalCsvLine(r: MembershipRequestView): string {
  return csvLine([r.id, r.createdAt, r.kind, r.status, r.structureIdentifier, r.structureName, `${r.requester.firstName} ${r.requester.lastName}`, r.requester.loginEmail, r.comment, r.decisionComment]);
}

export const MEMBERS_CSV_COLUMNS = ['email', 'prenom', 'nom', 'gestionnaire_principal', 'service', 'habilitations', 'depuis', 'statut'] as const;

export function memberCsvLine(m: MemberView): string {
  return csvLine([m.loginEmail, m.firstName, m.lastName, m.principal, m.serviceId, grantsToText(m.grants), m.since, m.status]);
}
