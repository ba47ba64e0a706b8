/**
 * Applications (functional areas) and grant levels. A grant is (application × level) on one structure.
 * Codes are stable: they are stored in the database and exposed by the API, so never rename one;
 * labels may change freely.
 */

export const APPLICATIONS = [
  { code: 'FACTURES_EMISES', labelFr: 'Factures émises', labelEn: 'Issued invoices' },
  { code: 'FACTURES_RECUES', labelFr: 'Factures reçues', labelEn: 'Received invoices' },
  { code: 'FACTURES_A_VALIDER', labelFr: 'Factures à valider', labelEn: 'Invoices to approve' },
  { code: 'FACTURES_TRAVAUX', labelFr: 'Factures de travaux', labelEn: 'Works invoices' },
  { code: 'FRAIS_JUSTICE', labelFr: 'Frais de justice', labelEn: 'Court costs' },
  { code: 'REMBOURSEMENTS_TAXES', labelFr: 'Remboursements de taxes', labelEn: 'Tax refunds' },
  { code: 'ENGAGEMENTS', labelFr: 'Engagements', labelEn: 'Commitments' },
  { code: 'SUIVI_FLUX', labelFr: 'Suivi des flux', labelEn: 'Flow tracking' },
  { code: 'RACCORDEMENTS', labelFr: 'Raccordements', labelEn: 'Connections' },
  { code: 'SOLLICITATIONS_EMISES', labelFr: 'Sollicitations émises', labelEn: 'Sent requests' },
  { code: 'SOLLICITATIONS_RECUES', labelFr: 'Sollicitations reçues', labelEn: 'Received requests' },
  { code: 'MES_MESSAGES', labelFr: 'Mes messages', labelEn: 'My messages' },
  { code: 'ORGANISATION', labelFr: 'Organisation', labelEn: 'Organisation' },
] as const;

export type Application = (typeof APPLICATIONS)[number];
export type ApplicationCode = Application['code'];

export const APPLICATION_CODES: readonly ApplicationCode[] = APPLICATIONS.map((a) => a.code);

/** Ordered from weakest to strongest: a level satisfies every level at or below its index. */
export const GRANT_LEVELS = ['CONSULTATION', 'MODIFICATION'] as const;
export type GrantLevel = (typeof GRANT_LEVELS)[number];

export interface Grant {
  application: ApplicationCode;
  level: GrantLevel;
}

export function isApplicationCode(value: string): value is ApplicationCode {
  return (APPLICATION_CODES as readonly string[]).includes(value);
}

export function isGrantLevel(value: string): value is GrantLevel {
  return (GRANT_LEVELS as readonly string[]).includes(value);
}

export function applicationLabel(code: ApplicationCode, language: 'fr' | 'en'): string {
  const application = APPLICATIONS.find((a) => a.code === code);
  // Every ApplicationCode is in APPLICATIONS; the fallback only satisfies the compiler.
  if (!application) return code;
  return language === 'fr' ? application.labelFr : application.labelEn;
}

/** MODIFICATION implies CONSULTATION (whoever may change data may read it); the converse is false. */
export function levelSatisfies(held: GrantLevel, required: GrantLevel): boolean {
  return GRANT_LEVELS.indexOf(held) >= GRANT_LEVELS.indexOf(required);
}

/** Whether a set of grants allows `required` on `application` (any matching grant suffices). */
export function hasGrant(grants: readonly Grant[], application: ApplicationCode, required: GrantLevel): boolean {
  return grants.some((g) => g.application === application && levelSatisfies(g.level, required));
}

/**
 * A newly attached user: every application in MODIFICATION except Organisation in CONSULTATION,
 * so managing the structure itself (services, bank accounts, members) stays with whoever the
 * principal manager chooses. Returns a fresh array each call (callers may mutate it).
 */
export function defaultGrantsForNewMember(): Grant[] {
  return APPLICATIONS.map((a) => ({
    application: a.code,
    level: a.code === 'ORGANISATION' ? 'CONSULTATION' : 'MODIFICATION',
  }));
}

/** Everything in MODIFICATION: the principal manager's grants, which can never be reduced. */
export function allGrants(): Grant[] {
  return APPLICATIONS.map((a) => ({ application: a.code, level: 'MODIFICATION' }));
}

/**
 * One grant per application, at the highest level seen (a request may repeat an application, and
 * CONSULTATION next to MODIFICATION adds nothing). Output follows the APPLICATIONS order.
 */
export function normalizeGrants(grants: readonly Grant[]): Grant[] {
  const best = new Map<ApplicationCode, GrantLevel>();
  for (const g of grants) {
    const current = best.get(g.application);
    if (current === undefined || !levelSatisfies(current, g.level)) best.set(g.application, g.level);
  }
  return APPLICATION_CODES.flatMap((code) => {
    const level = best.get(code);
    return level === undefined ? [] : [{ application: code, level }];
  });
}

/**
 * What a delegate holding `own` may do for someone who holds `held`: each of `own`'s applications at the
 * lower of the two levels, and none that `held` lacks. Never more than either side (technical accounts:
 * their own grants ∩ their creator's current ones).
 */
export function intersectGrants(own: readonly Grant[], held: readonly Grant[]): Grant[] {
  return normalizeGrants(own).flatMap((g): Grant[] => {
    if (hasGrant(held, g.application, g.level)) return [g];
    return hasGrant(held, g.application, 'CONSULTATION') ? [{ application: g.application, level: 'CONSULTATION' }] : [];
  });
}
