import { Grant, hasGrant } from './applications';

/** What the rules read of a user's active membership on a structure (effective grants: the principal holds all). */
export interface MemberFacts {
  principal: boolean;
  serviceId: string | null;
  grants: readonly Grant[];
}

/**
 * The structure's managers: its principal manager, and structure-level members holding Organisation –
 * modification (the approvers of DOMAIN.md). A member attached to one service is none, whatever his grants.
 */
export function isStructureManager(member: MemberFacts | null): boolean {
  if (!member) return false;
  return member.principal || (member.serviceId === null && hasGrant(member.grants, 'ORGANISATION', 'MODIFICATION'));
}

/**
 * Who manages the structure's connections to ERPs, technical accounts and webhook subscriptions alike (as the
 * real portal reserves them to the managers of the "Raccordements" application): the principal manager, or a
 * structure manager also holding Raccordements – modification. Never a member with the default grants
 * (Organisation in consultation), never a service-level member.
 */
export function managesConnections(member: MemberFacts | null): boolean {
  return isStructureManager(member) && (member!.principal || hasGrant(member!.grants, 'RACCORDEMENTS', 'MODIFICATION'));
}
