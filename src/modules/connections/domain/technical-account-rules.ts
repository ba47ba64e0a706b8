import { ApplicationCode, Grant, hasGrant, normalizeGrants } from '../../habilitations/contracts/applications';

/** Applications of `requested` that `held` does not allow at the requested level (an account is never given more). */
export function grantsBeyond(requested: readonly Grant[], held: readonly Grant[]): ApplicationCode[] {
  return normalizeGrants(requested)
    .filter((g) => !hasGrant(held, g.application, g.level))
    .map((g) => g.application);
}
