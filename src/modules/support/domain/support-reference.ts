/** Reference categories and sub-categories seen on the real portal (also inserted by the migration). */
export type TicketRouting = 'BUSINESS' | 'PLATFORM';
export const TICKET_OBJECT_TYPES = ['FACTURE', 'DEMANDE_REMBOURSEMENT'] as const;
export type TicketObjectType = (typeof TICKET_OBJECT_TYPES)[number];

/** "M - …" = business question for the recipient structure; "R - …" (regulation) and the rest = platform. */
export function routingOf(subCategoryLabel: string): TicketRouting {
  return /^M\s*-/.test(subCategoryLabel.trim()) ? 'BUSINESS' : 'PLATFORM';
}

export interface ReferenceSubCategory {
  code: string;
  label: string;
  objectType?: TicketObjectType;
  objectRequired?: boolean;
}

export interface ReferenceCategory {
  code: string;
  label: string;
  subCategories: ReferenceSubCategory[];
}

export const REFERENCE_CATEGORIES: ReferenceCategory[] = [
  {
    code: 'FACTURES_EMISES',
    label: 'Factures émises',
    subCategories: [
      { code: 'FE_M_DESTINATAIRE', label: 'M - Question pour le destinataire de ma facture', objectType: 'FACTURE', objectRequired: true },
      { code: 'FE_M_ENTITE_PUBLIQUE', label: 'M - Question pour une entité publique' },
      { code: 'FE_R_REGLEMENTATION', label: 'R - Question générale sur la réglementation' },
      { code: 'FE_TRAITEMENT', label: 'Traitement', objectType: 'FACTURE' },
    ],
  },
  {
    code: 'FACTURES_A_VALIDER',
    label: 'Factures à valider',
    subCategories: [
      { code: 'FAV_M_ENTITE_PUBLIQUE', label: 'M - Question pour une entité publique' },
      { code: 'FAV_TRAITEMENT', label: 'Traitement', objectType: 'FACTURE' },
    ],
  },
  {
    code: 'REMBOURSEMENT_TIC',
    label: 'Remboursement TIC',
    subCategories: [
      { code: 'RTIC_M_DEMANDE_REJETEE', label: 'M - Question sur une demande rejetée', objectType: 'DEMANDE_REMBOURSEMENT', objectRequired: true },
      { code: 'RTIC_R_REGLEMENTATION', label: 'R - Question générale sur la réglementation' },
      { code: 'RTIC_TRAITEMENT', label: 'Traitement', objectType: 'DEMANDE_REMBOURSEMENT' },
    ],
  },
  {
    code: 'MEMOIRE_FRAIS_JUSTICE',
    label: 'Mémoire de frais de justice',
    subCategories: [
      { code: 'MFJ_M_SUIVI', label: "M - Suivi du traitement d'un mémoire" },
      { code: 'MFJ_TRAITEMENT', label: 'Traitement' },
    ],
  },
  { code: 'MON_COMPTE', label: 'Mon compte', subCategories: [{ code: 'MC_TRAITEMENT', label: 'Traitement' }] },
  { code: 'ORGANISATION', label: 'Organisation', subCategories: [{ code: 'ORG_TRAITEMENT', label: 'Traitement' }] },
  {
    code: 'RACCORDEMENTS',
    label: 'Raccordements',
    subCategories: [
      { code: 'RAC_R_REGLEMENTATION', label: 'R - Question générale sur la réglementation' },
      { code: 'RAC_TRAITEMENT', label: 'Traitement' },
    ],
  },
];

/** What the public contact form files its tickets under when the caller does not choose. */
export const CONTACT_FORM_DEFAULT_SUB_CATEGORY = 'MC_TRAITEMENT';
