/**
 * Who may see a structure's contact details (issue 15). A private structure, or any structure registered
 * as "non diffusible" (SIRENE's `statutDiffusion = P`: the unit asked that its details not be published),
 * shows its e-mail, phone, address, VAT and RCS numbers only to its insiders: members holding
 * ORGANISATION consultation (platform administrators included, the support path) and technical accounts
 * of that structure. Everyone else sees its public view: what the public directory would show of it —
 * identifiers, name, status and invoicing rules, which a supplier needs to address an invoice.
 * A public structure that is diffusible has nothing to hide: its details are public data.
 */
export interface DisclosableStructure {
  structureType: string;
  nonDiffusible: boolean;
  email?: string | null;
  phone?: string | null;
  address?: unknown;
  vatNumber?: string | null;
  rcsNumber?: string | null;
}

/** The fields only insiders of a confidential structure see. */
export const CONFIDENTIAL_FIELDS = ['email', 'phone', 'address', 'vatNumber', 'rcsNumber'] as const;

/** Its contact details are not for everyone: a private structure, or one registered as non diffusible. */
export function isConfidential(s: Pick<DisclosableStructure, 'structureType' | 'nonDiffusible'>): boolean {
  return s.structureType !== 'PUBLIQUE' || s.nonDiffusible;
}

/** What anyone may see of the structure: itself when nothing is confidential, else a copy without the confidential fields. */
export function publicViewOf<T extends DisclosableStructure>(s: T): T {
  if (!isConfidential(s)) return s;
  const view = { ...s };
  for (const field of CONFIDENTIAL_FIELDS) if (field in view) (view as Record<string, unknown>)[field] = null;
  return view;
}
