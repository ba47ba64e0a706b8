import { ApplicationCode, Grant, hasGrant, normalizeGrants } from '../../habilitations/contracts/applications';

/** What the rules read of a user's active membership on the structure (effective grants: the principal holds all). */
export interface MemberFacts {
  principal: boolean;
  serviceId: string | null;
  grants: readonly Grant[];
}

/**
 * The structure's managers: its principal manager, and structure-level members holding Organisation –
 * modification (the approvers of DOMAIN.md). They see every technical account of the structure and may
 * deactivate any.
 */
export function isStructureManager(member: MemberFacts | null): boolean {
  if (!member) return false;
  return member.principal || (member.serviceId === null && hasGrant(member.grants, 'ORGANISATION', 'MODIFICATION'));
}

/**
 * Who may create, re-key or change a technical account (as the real portal reserves it to the managers
 * of the "Raccordements" application): the principal manager, or a structure-level member holding both
 * Organisation – modification and Raccordements – modification. Never a member with the default grants
 * (Organisation in consultation), never a service-level member, never a technical account.
 */
export function mayManageTechnicalAccounts(member: MemberFacts | null): boolean {
  return isStructureManager(member) && (member!.principal || hasGrant(member!.grants, 'RACCORDEMENTS', 'MODIFICATION'));
}

/** Applications of `requested` that `held` does not allow at the requested level (an account is never given more). */
export function grantsBeyond(requested: readonly Grant[], held: readonly Grant[]): ApplicationCode[] {
  return normalizeGrants(requested)
    .filter((g) => !hasGrant(held, g.application, g.level))
    .map((g) => g.application);
}
