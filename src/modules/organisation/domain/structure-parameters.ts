/**
 * Invoicing parameters of a (mainly public) structure, and the legal payment delay.
 */

/** Presence of a project owner (maîtrise d'ouvrage) in works invoicing: none, possible, or always. */
export const MOA_PRESENCES = ['NONE', 'WITH_MOA', 'ONLY_MOA'] as const;
export type MoaPresence = (typeof MOA_PRESENCES)[number];

export interface StructureParameters {
  serviceCodeRequired: boolean;
  engagementRequired: boolean;
  /** Either one is enough; meaningful only when neither of the two flags above is set. */
  serviceCodeOrEngagementRequired: boolean;
  /** "Mise en paiement" status hidden from suppliers. */
  paymentStatusNotReported: boolean;
  canReceiveEdi: boolean;
  moaPresence: MoaPresence;
}

/** A private structure's parameters: nothing required of its suppliers. */
export const DEFAULT_STRUCTURE_PARAMETERS: Readonly<StructureParameters> = Object.freeze({
  serviceCodeRequired: false,
  engagementRequired: false,
  serviceCodeOrEngagementRequired: false,
  paymentStatusNotReported: false,
  canReceiveEdi: false,
  moaPresence: 'NONE',
});

/** Kinds of public buyer that matter for the payment delay. */
export const PUBLIC_BODY_CATEGORIES = [
  'ETAT',
  'COLLECTIVITE_TERRITORIALE',
  'ETABLISSEMENT_PUBLIC_LOCAL',
  'ETABLISSEMENT_PUBLIC_NATIONAL',
  'ETABLISSEMENT_PUBLIC_SANTE',
  'ENTREPRISE_PUBLIQUE',
] as const;
export type PublicBodyCategory = (typeof PUBLIC_BODY_CATEGORIES)[number];

/**
 * Maximum legal payment delay (délai global de paiement), in days from receipt of the invoice
 * (code de la commande publique, art. R.2192-10 and R.2192-11): 30 days for the State, local
 * authorities and public establishments; 50 for public health establishments (hospitals); 60 for
 * public companies.
 */
export function legalPaymentDelayDays(category: PublicBodyCategory): number {
  switch (category) {
    case 'ETABLISSEMENT_PUBLIC_SANTE':
      return 50;
    case 'ENTREPRISE_PUBLIQUE':
      return 60;
    case 'ETAT':
    case 'COLLECTIVITE_TERRITORIALE':
    case 'ETABLISSEMENT_PUBLIC_LOCAL':
    case 'ETABLISSEMENT_PUBLIC_NATIONAL':
      return 30;
  }
}

