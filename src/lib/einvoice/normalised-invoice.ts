/**
 * The syntax-independent view of an invoice read from a flow (UBL, CII or Factur-X).
 * Amounts, quantities and rates are decimal strings exactly as written in the document: they are
 * never turned into floats, so no rounding can creep in before the domain's decimal type takes over.
 */

export type InvoiceKind = 'FACTURE' | 'AVOIR';

/** A decimal number as written in the source document, e.g. "1234.50" or "-3.5". */
export type DecimalString = string;

export interface NormalisedParty {
  siret?: string;
  name?: string;
}

export interface NormalisedSupplier extends NormalisedParty {
  vatNumber?: string;
}

export interface NormalisedRecipient extends NormalisedParty {
  /** Service code: the buyer's routing code (scheme 0224) or else BT-10 buyer reference. */
  serviceCode?: string;
}

export interface NormalisedTotals {
  /** BT-109 total without VAT. */
  totalExclTax: DecimalString;
  /** BT-110 total VAT (derived as BT-112 − BT-109 only when the document omits it). */
  totalVat: DecimalString;
  /** BT-112 total with VAT. */
  totalInclTax: DecimalString;
  /** BT-115 amount due for payment. */
  amountDue: DecimalString;
}

export interface NormalisedVatBreakdown {
  /** BT-119; "0" when the category carries no rate (e.g. O, not subject to VAT). */
  rate: DecimalString;
  taxableAmount: DecimalString;
  vatAmount: DecimalString;
  /** BT-118 VAT category code (S, Z, E, AE, K, G, O, L, M). */
  category: string;
}

export interface NormalisedLine {
  number: string;
  description: string;
  quantity: DecimalString;
  unitPrice: DecimalString;
  netAmount: DecimalString;
  vatRate?: DecimalString;
}

export interface NormalisedInvoice {
  number: string;
  /** YYYY-MM-DD */
  issueDate: string;
  type: InvoiceKind;
  /** The UNTDID 1001 code as written (380, 381, 386…); CreditNote documents without one get 381. */
  typeCode: string;
  currency: string;
  supplier: NormalisedSupplier;
  recipient: NormalisedRecipient;
  /** BT-13 purchase order reference: the engagement number. */
  engagementNumber?: string;
  /** BT-12 contract reference. */
  contractNumber?: string;
  totals: NormalisedTotals;
  vatBreakdown: NormalisedVatBreakdown[];
  lines: NormalisedLine[];
  paymentMeansCode?: string;
  /** Whitespace removed, upper-cased; not checksum-validated here (the domain does that). */
  iban?: string;
  /** All document-level notes, joined by new lines. */
  note?: string;
}

export type InvoiceErrorCode =
  // the XML itself
  | 'XML_EMPTY'
  | 'XML_TOO_LARGE'
  | 'XML_DTD_FORBIDDEN'
  | 'XML_ENCODING_UNSUPPORTED'
  | 'XML_MALFORMED'
  | 'SYNTAX_MISMATCH'
  // business content
  | 'FIELD_MISSING'
  | 'FIELD_INVALID'
  | 'INVOICE_TYPE_UNKNOWN'
  | 'SUPPLIER_ID_MISSING'
  | 'RECIPIENT_SIRET_MISSING'
  | 'SIRET_INVALID'
  | 'SIRET_CONFLICT'
  // the flow's files
  | 'FILE_TOO_LARGE'
  | 'FILE_TYPE_UNSUPPORTED'
  | 'FILE_UNEXPECTED'
  | 'PDF_WITHOUT_XML'
  | 'PDF_AMBIGUOUS'
  | 'CPP_FACTURE_MIN_UNSUPPORTED'
  | 'FACTURX_PDF_INVALID'
  | 'FACTURX_PDF_ENCRYPTED'
  | 'FACTURX_XML_NOT_FOUND'
  | 'FACTURX_XML_TOO_LARGE'
  | 'FACTURX_STREAM_UNSUPPORTED'
  | 'FACTURX_STREAM_CORRUPT';

export interface InvoiceParseError {
  code: InvoiceErrorCode;
  message_fr: string;
  message_en: string;
  /** XPath-like location using the conventional prefixes (cbc:, cac:, rsm:, ram:, udt:). */
  path?: string;
  /** The EN 16931 business term concerned (`BT-1`), when the reader knows it (else read from the message). */
  businessTerm?: string;
  /** The values involved, by name, for the validation report. */
  values?: Record<string, string>;
}

export type InvoiceParseResult =
  | { ok: true; invoice: NormalisedInvoice }
  | { ok: false; errors: InvoiceParseError[] };

export interface InvoiceParseOptions {
  /**
   * Refuse an invoice whose recipient has no SIRET or whose supplier has neither SIRET nor VAT number
   * (default true: the flow cannot be routed otherwise). False only to inspect foreign documents.
   */
  requirePartyIds?: boolean;
}

export interface XmlInvoiceParseOptions extends InvoiceParseOptions {
  /** Size cap on the XML document (default 10 MB). */
  maxBytes?: number;
}

export function invoiceError(
  code: InvoiceErrorCode,
  message_fr: string,
  message_en: string,
  path?: string,
): InvoiceParseError {
  return path === undefined ? { code, message_fr, message_en } : { code, message_fr, message_en, path };
}
