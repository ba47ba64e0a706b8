import { ReferenceItem } from './reference-item';

/** `typeFacture`. A credit note (AVOIR) carries positive amounts: the type gives the sign. */
export const INVOICE_TYPES = [
  { code: 'FACTURE', labelFr: 'Facture', labelEn: 'Invoice' },
  { code: 'AVOIR', labelFr: 'Avoir', labelEn: 'Credit note' },
] as const satisfies readonly ReferenceItem[];

export type InvoiceType = (typeof INVOICE_TYPES)[number]['code'];
