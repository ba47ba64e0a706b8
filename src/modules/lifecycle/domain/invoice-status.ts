/**
 * The invoice status vocabulary of the real platform (exact codes, as accepted and emitted on the
 * PISTE API), with labels and the mapping to the 2026 e-invoicing reform lifecycle codes.
 * Works-contract statuses (A_VALIDER_MOE, ...) are not listed: works invoices come later.
 */
export const INVOICE_STATUSES = [
  'BROUILLON',
  'DEPOSEE',
  'EN_COURS_ACHEMINEMENT',
  'MISE_A_DISPOSITION',
  'A_RECYCLER',
  'SUSPENDUE',
  'COMPLETEE',
  'REJETEE',
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
  'MISE_EN_PAIEMENT',
  'INTERPRETEE_OCR',
  'SUPPRIMEE',
  'ABANDONNEE',
  'A_VALIDER_1',
  'VALIDEE_1',
  'REFUSEE_1',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The statuses an ordinary invoice (DOMAIN.md, Lifecycle) goes through; the others exist for fidelity. */
export const ORDINARY_INVOICE_STATUSES = [
  'BROUILLON',
  'DEPOSEE',
  'EN_COURS_ACHEMINEMENT',
  'MISE_A_DISPOSITION',
  'A_RECYCLER',
  'SUSPENDUE',
  'COMPLETEE',
  'REJETEE',
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
  'MISE_EN_PAIEMENT',
] as const satisfies readonly InvoiceStatus[];

const STATUS_SET: ReadonlySet<string> = new Set(INVOICE_STATUSES);

export function isInvoiceStatus(value: unknown): value is InvoiceStatus {
  return typeof value === 'string' && STATUS_SET.has(value);
}

export interface Labels {
  readonly fr: string;
  readonly en: string;
}

/** French labels as the portal shows them ("Mise à disposition du destinataire", ...). */
export const INVOICE_STATUS_LABELS: { readonly [S in InvoiceStatus]: Labels } = {
  BROUILLON: { fr: 'Brouillon', en: 'Draft' },
  DEPOSEE: { fr: 'Déposée', en: 'Submitted' },
  EN_COURS_ACHEMINEMENT: { fr: "En cours d'acheminement", en: 'Being routed' },
  MISE_A_DISPOSITION: { fr: 'Mise à disposition du destinataire', en: 'Made available to the recipient' },
  A_RECYCLER: { fr: 'À recycler', en: 'To be recycled' },
  SUSPENDUE: { fr: 'Suspendue', en: 'Suspended' },
  COMPLETEE: { fr: 'Complétée', en: 'Completed' },
  REJETEE: { fr: 'Rejetée', en: 'Rejected' },
  SERVICE_FAIT: { fr: 'Service fait', en: 'Service rendered' },
  MANDATEE: { fr: 'Mandatée', en: 'Payment order issued' },
  MISE_A_DISPOSITION_COMPTABLE: { fr: 'Mise à disposition du comptable', en: 'Made available to the public accountant' },
  COMPTABILISEE: { fr: 'Comptabilisée', en: 'Recorded in the accounts' },
  MISE_EN_PAIEMENT: { fr: 'Mise en paiement', en: 'Payment initiated' },
  INTERPRETEE_OCR: { fr: 'Interprétée OCR', en: 'Read by OCR' },
  SUPPRIMEE: { fr: 'Supprimée', en: 'Deleted' },
  ABANDONNEE: { fr: 'Abandonnée', en: 'Abandoned' },
  A_VALIDER_1: { fr: 'À valider (valideur 1)', en: 'Awaiting validation (validator 1)' },
  VALIDEE_1: { fr: 'Validée (valideur 1)', en: 'Validated (validator 1)' },
  REFUSEE_1: { fr: 'Refusée (valideur 1)', en: 'Refused (validator 1)' },
};

export type Language = 'fr' | 'en';

export const invoiceStatusLabel = (status: InvoiceStatus, language: Language = 'fr'): string =>
  INVOICE_STATUS_LABELS[status][language];

// ---------------------------------------------------------------------------------------------
// 2026 reform lifecycle codes
// ---------------------------------------------------------------------------------------------

export const REFORM_LIFECYCLE_CODES = [200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213] as const;
export type ReformLifecycleCode = (typeof REFORM_LIFECYCLE_CODES)[number];

export const REFORM_LIFECYCLE_LABELS: { readonly [C in ReformLifecycleCode]: Labels } = {
  200: { fr: 'Déposée', en: 'Submitted' },
  201: { fr: 'Émise par la plateforme', en: 'Issued by the platform' },
  202: { fr: 'Reçue par la plateforme', en: 'Received by the platform' },
  203: { fr: 'Mise à disposition', en: 'Made available' },
  204: { fr: 'Prise en charge', en: 'In hand' },
  205: { fr: 'Approuvée', en: 'Approved' },
  206: { fr: 'Approuvée partiellement', en: 'Partially approved' },
  207: { fr: 'En litige', en: 'Disputed' },
  208: { fr: 'Suspendue', en: 'Suspended' },
  209: { fr: 'Complétée', en: 'Completed' },
  210: { fr: 'Refusée', en: 'Refused' },
  211: { fr: 'Paiement transmis', en: 'Payment transmitted' },
  212: { fr: 'Encaissée', en: 'Collected' },
  213: { fr: 'Rejetée', en: 'Rejected' },
};

/**
 * Our status -> reform code. Total on purpose (a Record over every status): adding a status without
 * deciding its reform code does not compile. `null` = the reform has no equivalent; nothing is emitted.
 *
 * Codes we never emit: 202 (one platform: reception is not a separate event from 201/203),
 * 204 (no status of ours means "taken in hand" short of approval), 206 (no partial approval),
 * 207 (no dispute state: disputes here end in SUSPENDUE, A_RECYCLER or REJETEE), 212 (collection is
 * the supplier's own declaration; Chorus Pro has none).
 */
export const REFORM_CODE_BY_STATUS: { readonly [S in InvoiceStatus]: ReformLifecycleCode | null } = {
  // Not issued yet: the reform lifecycle starts at deposit.
  BROUILLON: null,
  DEPOSEE: 200,
  // The platform is transmitting the invoice to its recipient: "émise par la plateforme". With a single
  // platform there is no distinct "reçue" (202) step; delivery is 203.
  EN_COURS_ACHEMINEMENT: 201,
  MISE_A_DISPOSITION: 203,
  // Wrong recipient/service/engagement: no business dispute (not 207) and not a refusal of the debt
  // (not 210). The invoice is treated as never received by the right buyer and is re-sent with the
  // same number, which is what reform status 213 means (an addressing rejection that lets the same
  // invoice be re-issued) even though here the recipient, not the platform, detects it.
  A_RECYCLER: 213,
  SUSPENDUE: 208,
  COMPLETEE: 209,
  // The recipient refuses the invoice on its content and it is final (a new invoice is needed): that is
  // the buyer's refusal, 210. 213 is a platform-side rejection and is used for A_RECYCLER / REFUSEE_1.
  REJETEE: 210,
  // Service certified = the buyer approves the invoice for payment.
  SERVICE_FAIT: 205,
  // Payment order, hand-over to the public accountant and accounting are successive internal steps of
  // an already approved invoice (they may be skipped); all report 205 until payment is sent. Not 204:
  // a mandate is a decision to pay, more than "taken in hand".
  MANDATEE: 205,
  MISE_A_DISPOSITION_COMPTABLE: 205,
  COMPTABILISEE: 205,
  MISE_EN_PAIEMENT: 211,
  // Data read from a PDF by OCR, awaiting the supplier's confirmation: still a draft.
  INTERPRETEE_OCR: null,
  // A deleted draft was never issued.
  SUPPRIMEE: null,
  // Given up by the supplier before it reached the recipient (after a validator's refusal); the reform
  // has no withdrawal status (an issued invoice is cancelled by a credit note).
  ABANDONNEE: null,
  // Subcontractor/co-contractor circuit (A9/A12 with validator): deposited, held by the platform
  // until the validator answers; not yet transmitted.
  A_VALIDER_1: 200,
  VALIDEE_1: 200,
  // Refused before reaching the recipient; the supplier corrects and re-submits or abandons: like
  // A_RECYCLER, an invoice deemed not received (213), not a buyer's refusal.
  REFUSEE_1: 213,
};

export interface ReformStatus {
  readonly code: ReformLifecycleCode;
  readonly labelFr: string;
  readonly labelEn: string;
}

export function reformCodeOf(status: InvoiceStatus): ReformStatus | null {
  const code = REFORM_CODE_BY_STATUS[status];
  if (code === null) return null;
  const labels = REFORM_LIFECYCLE_LABELS[code];
  return { code, labelFr: labels.fr, labelEn: labels.en };
}
