import { normaliseRequestPath } from '../../../shared/http/request-path';

/**
 * API groups an OAuth client ("API application") may call, as on PISTE: each /cpro route family belongs
 * to one group, and so does each /api/v1 route a client token may reach. Codes are stable (stored and exposed).
 */
export const API_GROUPS = ['factures', 'structures', 'utilisateurs', 'transverses', 'engagementsJuridiques'] as const;
export type ApiGroup = (typeof API_GROUPS)[number];

export function isApiGroup(value: unknown): value is ApiGroup {
  return typeof value === 'string' && (API_GROUPS as readonly string[]).includes(value);
}

const GROUP_BY_LOWER_CASE = new Map<string, ApiGroup>(API_GROUPS.map((g) => [g.toLowerCase(), g]));

/**
 * /api/v1 routes a client token may call, by group (on a normalised path or a route pattern: `[^/]+` matches
 * both an id and `:id`). Every other /api/v1 route is for people only: members and grants, principal manager,
 * structure (de)activation, technical accounts, API applications, approvals, "me", administration.
 */
const REST_ROUTES: ReadonlyArray<[RegExp, ApiGroup]> = [
  [/^\/api\/v1\/invoices(\/.*)?$/, 'factures'],
  [/^\/api\/v1\/structures\/[^/]+$/, 'structures'],
  [/^\/api\/v1\/structures\/[^/]+\/(services|bank-accounts|documents)(\/.*)?$/, 'structures'],
  // A flow's report: the group of consulterCR / consulterCRDetaille, its other reads.
  [/^\/api\/v1\/flows\/[^/]+\/report$/, 'transverses'],
  [/^\/api\/v1\/tickets(\/.*)?$/, 'transverses'],
  [/^\/api\/v1\/support\/categories$/, 'transverses'],
  // Webhook subscriptions, their delivery log and event feed (an ERP subscribes for its technical account).
  [/^\/api\/v1\/webhooks(\/.*)?$/, 'transverses'],
  // An issuer's ERP records its engagements (and a supplier's reads them) as the portal does.
  [/^\/api\/v1\/engagements(\/.*)?$/, 'engagementsJuridiques'],
];

/**
 * /api/v1 routes every client token may call, whatever its API groups: what the caller is (credential
 * health). Like a group's routes, decided on the dispatched route and checked against the request's path.
 */
const EVERY_CLIENT_ROUTES: readonly RegExp[] = [/^\/api\/v1\/me\/credentials$/];

/** Whether the route (pattern and request URL agreeing) is open to every client token. */
export function openToEveryClient(routePattern: string | undefined, url: string): boolean {
  const path = normaliseRequestPath(url);
  if (!routePattern || path === null) return false;
  const lower = routePattern.toLowerCase();
  return EVERY_CLIENT_ROUTES.some((pattern) => pattern.test(lower) && pattern.test(path.toLowerCase()));
}

/** The group of a normalised path or route pattern; null: not open to client tokens (people only). */
export function apiGroupOfPath(path: string): ApiGroup | null {
  const lower = path.toLowerCase();
  const cpro = /^\/cpro\/([^/]+)(\/|$)/.exec(lower);
  if (cpro) return GROUP_BY_LOWER_CASE.get(cpro[1]!) ?? null;
  return REST_ROUTES.find(([pattern]) => pattern.test(lower))?.[1] ?? null;
}

/**
 * The API group a client token needs for a request: decided on the pattern of the route the router actually
 * dispatched to (so no spelling of the URL can make the check see another route), and checked against the
 * request's normalised path. When the two do not name the same group, or there is no route, the request is
 * refused like a people-only route (null).
 */
export function apiGroupOfRequest(routePattern: string | undefined, url: string): ApiGroup | null {
  const path = normaliseRequestPath(url);
  if (!routePattern || path === null) return null;
  const routed = apiGroupOfPath(routePattern);
  return routed !== null && apiGroupOfPath(path) === routed ? routed : null;
}
