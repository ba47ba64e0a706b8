import type { NormalisedInvoice, NormalisedRecipient, NormalisedSupplier } from './normalised-invoice';

/**
 * What the platform writes out for an invoice (CII, UBL, Factur-X): the normalised invoice plus what a
 * complete EN 16931 document carries and a deposit does not need to be read back: the parties' postal
 * addresses, the due date and payment terms, the payee's account. Every extra is optional, so any
 * `NormalisedInvoice` is an `InvoiceDocument`.
 */

export interface PostalAddress {
  line1?: string;
  line2?: string;
  line3?: string;
  postalCode?: string;
  city?: string;
  /** ISO 3166-1 alpha-2 (BT-40 / BT-55). */
  countryCode: string;
}

export interface DocumentSupplier extends NormalisedSupplier {
  address?: PostalAddress;
}

export interface DocumentRecipient extends NormalisedRecipient {
  /** BT-48 buyer VAT identifier. */
  vatNumber?: string;
  address?: PostalAddress;
}

export interface InvoiceDocument extends Omit<NormalisedInvoice, 'supplier' | 'recipient'> {
  supplier: DocumentSupplier;
  recipient: DocumentRecipient;
  /** BT-9 payment due date, YYYY-MM-DD. */
  dueDate?: string;
  /** BT-20 payment terms, free text. */
  paymentTerms?: string;
  /** BT-85 payment account name. */
  accountName?: string;
  /** BT-120 VAT exemption reason text, for the categories that need one (E, AE, K, G, O). */
  vatExemptionReason?: string;
}

/** UNTDID 5305 categories whose breakdown needs an exemption reason (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
export const CATEGORIES_WITH_EXEMPTION_REASON: Readonly<Record<string, string>> = {
  E: 'Exonération de TVA',
  AE: 'Autoliquidation',
  K: 'Livraison intracommunautaire exonérée',
  G: 'Exportation hors Union européenne exonérée',
  O: 'Non soumis à la TVA',
};

/** Categories whose lines and breakdown carry no rate (BR-O-05, BR-O-09). */
export const CATEGORIES_WITHOUT_RATE: ReadonlySet<string> = new Set(['O']);

/** UNTDID 4461 payment means that need the payee's account (BR-61: credit transfer). */
export const PAYMENT_MEANS_WITH_ACCOUNT: ReadonlySet<string> = new Set(['30', '58']);

/**
 * The payment means a document can state: a credit transfer without the account to pay into would break
 * BR-61 (and CII-SR-470), so it is then left out (BG-16 is optional; the page still says how to pay).
 */
export function paymentMeansOf(invoice: Pick<InvoiceDocument, 'paymentMeansCode' | 'iban'>): string | undefined {
  const code = invoice.paymentMeansCode;
  return code && PAYMENT_MEANS_WITH_ACCOUNT.has(code) && !invoice.iban ? undefined : code;
}
