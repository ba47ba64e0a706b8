import { ReferenceItem } from './reference-item';

/** Payment modes (`modePaiement`, transverses/v1/recuperer/modereglements). */
export const PAYMENT_MODES = [
  { code: 'CHEQUE', labelFr: 'Chèque', labelEn: 'Cheque' },
  { code: 'PRELEVEMENT', labelFr: 'Prélèvement', labelEn: 'Direct debit' },
  { code: 'VIREMENT', labelFr: 'Virement', labelEn: 'Credit transfer' },
  { code: 'ESPECE', labelFr: 'Espèces', labelEn: 'Cash' },
  { code: 'AUTRE', labelFr: 'Autre', labelEn: 'Other' },
  // Payment carried over (settled by another means or at a later date), as the platform names it.
  { code: 'REPORT', labelFr: 'Report', labelEn: 'Carried over' },
] as const satisfies readonly ReferenceItem[];

export type PaymentMode = (typeof PAYMENT_MODES)[number]['code'];

/** Default for a new invoice: public buyers pay by transfer. */
export const DEFAULT_PAYMENT_MODE: PaymentMode = 'VIREMENT';
