import type { Finding } from './report';

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
  /** BT-106 sum of invoice line net amounts (absent from the MINIMUM / BASIC WL profiles). */
  lineTotal?: DecimalString;
  /** BT-107 sum of document-level allowances. */
  allowanceTotal?: DecimalString;
  /** BT-108 sum of document-level charges. */
  chargeTotal?: DecimalString;
  /** BT-109 total without VAT. */
  totalExclTax: DecimalString;
  /** BT-110 total VAT (derived as BT-112 − BT-109 only when the document omits it). */
  totalVat: DecimalString;
  /** BT-112 total with VAT. */
  totalInclTax: DecimalString;
  /** BT-113 paid amount (prepaid). */
  prepaidAmount?: DecimalString;
  /** BT-114 rounding amount (added to the amount due). */
  roundingAmount?: DecimalString;
  /** BT-115 amount due for payment. */
  amountDue: DecimalString;
  /** True when the document did not state BT-110 and totalVat was derived from BT-112 − BT-109. */
  totalVatDerived?: boolean;
}

/** BG-20 document-level allowance / BG-21 charge; BG-27 / BG-28 at line level (no VAT fields there). */
export interface NormalisedAllowanceCharge {
  kind: 'allowance' | 'charge';
  /** BT-92 / BT-99 (BT-136 / BT-141 on a line): the amount, without VAT. */
  amount: DecimalString;
  /** BT-93 / BT-100 (BT-137 / BT-142) base amount the percentage applies to. */
  baseAmount?: DecimalString;
  /** BT-94 / BT-101 (BT-138 / BT-143) percentage. */
  percentage?: DecimalString;
  /** BT-98 / BT-105 (BT-140 / BT-145) reason code (UNTDID 5189 allowances, 7161 charges). */
  reasonCode?: string;
  /** BT-97 / BT-104 (BT-139 / BT-144) reason text. */
  reason?: string;
  /** BT-95 / BT-102 VAT category code (document level only). */
  vatCategory?: string;
  /** BT-96 / BT-103 VAT rate (document level only). */
  vatRate?: DecimalString;
}

/** A period (BG-14 for the invoice, BG-26 for a line), dates YYYY-MM-DD. */
export interface NormalisedPeriod {
  start?: string;
  end?: string;
}

/** BG-3 preceding invoice reference (what a credit note corrects). */
export interface NormalisedPrecedingInvoice {
  /** BT-25 */
  number: string;
  /** BT-26, YYYY-MM-DD */
  issueDate?: string;
}

/**
 * BG-24 additional supporting document. An embedded one (BT-125) carries its bytes: it becomes an
 * additional file of the invoice; an external one only its URI (BT-124).
 */
export interface NormalisedAttachment {
  /** BT-122 supporting document reference. */
  id: string;
  /** BT-123 */
  description?: string;
  /** BT-125-2 file name (the reference when the document gives none). */
  fileName?: string;
  /** BT-125-1 MIME code. */
  mediaType?: string;
  /** BT-125 the decoded bytes. */
  content?: Buffer;
  /** BT-124 external document location. */
  uri?: string;
}

export interface NormalisedVatBreakdown {
  /** BT-119; "0" when the category carries no rate (e.g. O, not subject to VAT). */
  rate: DecimalString;
  taxableAmount: DecimalString;
  vatAmount: DecimalString;
  /** BT-118 VAT category code (S, Z, E, AE, K, G, O, L, M). */
  category: string;
  /** BT-120 VAT exemption reason text. */
  exemptionReason?: string;
  /** BT-121 VAT exemption reason code (VATEX list). */
  exemptionReasonCode?: string;
}

export interface NormalisedLine {
  /** BT-126 */
  number: string;
  /** BT-153 item name (else its description BT-154). */
  description: string;
  /** BT-129 invoiced quantity: negative on a return line. */
  quantity: DecimalString;
  /** BT-130 unit of measure code (UN/ECE rec. 20/21). */
  unitCode?: string;
  /** BT-146 item net price, per `priceBaseQuantity` units (any number of decimals). */
  unitPrice: DecimalString;
  /** BT-149 item price base quantity: the price is for this many units (a price per 12 months, per 1000 kWh). */
  priceBaseQuantity?: DecimalString;
  /** BT-148 item gross price. */
  grossPrice?: DecimalString;
  /** BT-147 item price discount (gross − net). */
  priceDiscount?: DecimalString;
  /** BT-131 line net amount: quantity × price / base quantity − line allowances + line charges. */
  netAmount: DecimalString;
  /** BT-151 */
  vatCategory?: string;
  /** BT-152 */
  vatRate?: DecimalString;
  /** BG-27 / BG-28 */
  allowanceCharges?: NormalisedAllowanceCharge[];
  /** BG-26 */
  period?: NormalisedPeriod;
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
  /** BT-6 VAT accounting currency, when it differs from BT-5. */
  taxCurrency?: string;
  /** BT-111 total VAT in the VAT accounting currency. */
  totalVatInTaxCurrency?: DecimalString;
  /** BG-20 / BG-21 document-level allowances and charges, in document order. */
  allowanceCharges?: NormalisedAllowanceCharge[];
  /** BG-14 invoicing period. */
  invoicePeriod?: NormalisedPeriod;
  /** BG-3 */
  precedingInvoices?: NormalisedPrecedingInvoice[];
  /** BG-24 */
  attachments?: NormalisedAttachment[];
  /**
   * Where each business term was read (XPath with the conventional prefixes), for reports: `BT-109`,
   * and per occurrence `BT-117[2]` (2nd VAT breakdown), `BT-131[3]` (3rd line), `BG-20[1]`.
   */
  locations?: Record<string, string>;
  /** The syntax the document was read from (the artefacts of the two differ in a few tolerances). */
  syntax?: 'UBL' | 'CII';
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
  // an EN 16931 rule the document breaks (the finding says which)
  | 'EN16931_RULE'
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
  /** For EN16931_RULE (and any error that is one rule's): the finding, with rule id, business term and values. */
  finding?: Finding;
}

export type InvoiceParseResult =
  /** `warnings`: findings that do not refuse the document (EN 16931's warning rules), for its report. */
  | { ok: true; invoice: NormalisedInvoice; warnings?: Finding[] }
  /** `invoice`: read whole but refused by a rule (its number and parties still identify it in a report). */
  | { ok: false; errors: InvoiceParseError[]; invoice?: NormalisedInvoice };

export interface InvoiceParseOptions {
  /**
   * Refuse an invoice whose recipient has no SIRET or whose supplier has neither SIRET nor VAT number
   * (default true: the flow cannot be routed otherwise). False only to inspect foreign documents.
   */
  requirePartyIds?: boolean;
  /**
   * Apply EN 16931's calculation rules (BR-CO-10 to BR-CO-17, calculation-rules.ts) and refuse a document
   * that breaks one (default true). False to pre-fill a form from a document, whatever its totals.
   */
  calculationRules?: boolean;
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
