/**
 * API groups an OAuth client ("API application") may call, as on PISTE: each /cpro route family belongs
 * to one group. Codes are stable (stored and exposed).
 */
export const API_GROUPS = ['factures', 'structures', 'utilisateurs', 'transverses', 'engagementsJuridiques'] as const;
export type ApiGroup = (typeof API_GROUPS)[number];

export function isApiGroup(value: unknown): value is ApiGroup {
  return typeof value === 'string' && (API_GROUPS as readonly string[]).includes(value);
}

/** The group of a /cpro path (`/cpro/factures/v1/...` → factures), or null outside /cpro. */
export function apiGroupOfPath(url: string): ApiGroup | null {
  const match = /^\/cpro\/([^/?]+)/.exec(url);
  return match && isApiGroup(match[1]) ? match[1] : null;
}
