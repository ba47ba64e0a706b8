import { ReferenceItem } from './reference-item';

/** VAT regimes (`typeTva`). EXONERATION and SANS_TVA invoices carry no VAT amount. */
export const VAT_REGIMES = [
  { code: 'TVA_SUR_DEBIT', labelFr: 'TVA sur les débits', labelEn: 'VAT on invoicing (accrual basis)', vatCharged: true },
  { code: 'TVA_SUR_ENCAISSEMENT', labelFr: 'TVA sur les encaissements', labelEn: 'VAT on receipts (cash basis)', vatCharged: true },
  { code: 'EXONERATION', labelFr: 'Exonération de TVA', labelEn: 'VAT exempt', vatCharged: false },
  { code: 'SANS_TVA', labelFr: 'Sans TVA', labelEn: 'No VAT (outside the scope)', vatCharged: false },
] as const satisfies readonly (ReferenceItem & { readonly vatCharged: boolean })[];

export type VatRegime = (typeof VAT_REGIMES)[number]['code'];
