import { normaliseInvoice } from './invoice-normaliser';
import type { InvoiceParseOptions, InvoiceParseResult, XmlInvoiceParseOptions } from './normalised-invoice';
import {
  firstFilled,
  indexed,
  partyIds,
  slotter,
  type RawAllowanceCharge,
  type RawAttachment,
  type RawInvoice,
  type RawLine,
  type RawParty,
  type RawPeriod,
  type RawPrecedingInvoice,
  type RawVatBreakdown,
  type Slot,
} from './raw-invoice';
import type { ParsedXml, XmlElement } from './safe-xml';
import { parseXmlDocument, syntaxMismatch } from './xml-document';
import { attributeOf, childrenNamed, select, selectFirst, textAt, textsAt } from './xml-query';
import { syntaxOfRoot } from './xml-syntax';

/** UBL 2.1 Invoice / CreditNote (EN 16931, CIUS CTC-FR, Peppol BIS) → normalised invoice. */

/** Never throws on bad content: malformed XML, DTDs and business errors come back as `errors`. */
export function parseUblInvoice(xml: string | Buffer, options: XmlInvoiceParseOptions = {}): InvoiceParseResult {
  const parsed = parseXmlDocument(xml, options.maxBytes);
  return parsed.ok ? parseUblDocument(parsed.document, options) : parsed;
}

export function parseUblDocument(document: ParsedXml, options: InvoiceParseOptions = {}): InvoiceParseResult {
  const syntax = syntaxOfRoot({ localName: document.root.name, namespace: document.rootNamespace });
  if (syntax !== 'UBL_INVOICE' && syntax !== 'UBL_CREDIT_NOTE') {
    return { ok: false, errors: [syntaxMismatch('UBL', document)] };
  }
  return normaliseInvoice(readUbl(document.root, syntax === 'UBL_CREDIT_NOTE'), options);
}

function readUbl(root: XmlElement, creditNote: boolean): RawInvoice {
  const rootPath = creditNote ? '/CreditNote' : '/Invoice';
  const at = slotter(root, rootPath);
  const currency = textAt(root, 'cbc:DocumentCurrencyCode');
  const taxCurrency = textAt(root, 'cbc:TaxCurrencyCode');
  const taxTotal = documentTaxTotal(root, currency);
  const taxTotalPath = indexed(`${rootPath}/cac:TaxTotal`, taxTotal.index);
  const monetary = 'cac:LegalMonetaryTotal';
  return {
    syntax: 'UBL',
    number: at('cbc:ID'),
    issueDate: { ...at('cbc:IssueDate'), style: 'ISO' },
    typeCode: at(creditNote ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'),
    creditNoteDocument: creditNote,
    currency: at('cbc:DocumentCurrencyCode'),
    supplier: readParty(root, rootPath, 'AccountingSupplierParty', 'supplier'),
    recipient: readParty(root, rootPath, 'AccountingCustomerParty', 'recipient'),
    buyerReference: at('cbc:BuyerReference'),
    engagement: at('cac:OrderReference/cbc:ID'),
    contract: at('cac:ContractDocumentReference/cbc:ID'),
    totals: {
      lineTotal: at(`${monetary}/cbc:LineExtensionAmount`),
      allowanceTotal: at(`${monetary}/cbc:AllowanceTotalAmount`),
      chargeTotal: at(`${monetary}/cbc:ChargeTotalAmount`),
      exclTax: at(`${monetary}/cbc:TaxExclusiveAmount`),
      vat: slotter(taxTotal.element, taxTotalPath)('cbc:TaxAmount'),
      inclTax: at(`${monetary}/cbc:TaxInclusiveAmount`),
      prepaid: at(`${monetary}/cbc:PrepaidAmount`),
      rounding: at(`${monetary}/cbc:PayableRoundingAmount`),
      due: at(`${monetary}/cbc:PayableAmount`),
    },
    taxCurrency: at('cbc:TaxCurrencyCode'),
    vatInTaxCurrency: taxAmountIn(root, rootPath, taxCurrency === currency ? undefined : taxCurrency),
    vatBreakdown: readVatBreakdown(taxTotal.element, taxTotalPath),
    allowanceCharges: readAllowanceCharges(root, rootPath, 'document'),
    lines: readLines(root, rootPath, creditNote),
    invoicePeriod: readPeriod(root, `${rootPath}/cac:InvoicePeriod`, 'cac:InvoicePeriod'),
    precedingInvoices: readPrecedingInvoices(root, rootPath),
    attachments: readAttachments(root, rootPath),
    paymentMeansCode: textAt(root, 'cac:PaymentMeans/cbc:PaymentMeansCode'),
    iban: textAt(root, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID'),
    notes: textsAt(root, 'cbc:Note'),
  };
}

/** BT-111: the TaxTotal/TaxAmount whose currencyID is the VAT accounting currency BT-6. */
function taxAmountIn(root: XmlElement, rootPath: string, taxCurrency: string | undefined): Slot {
  const totals = childrenNamed(root, 'cac:TaxTotal');
  const index = taxCurrency === undefined ? -1 : totals.findIndex((total) => attributeOf(selectFirst(total, 'cbc:TaxAmount'), 'currencyID') === taxCurrency);
  if (index < 0) return { path: `${rootPath}/cac:TaxTotal/cbc:TaxAmount` };
  return slotter(totals[index], indexed(`${rootPath}/cac:TaxTotal`, index))('cbc:TaxAmount');
}

function readPeriod(parent: XmlElement | undefined, path: string, relative: string): RawPeriod {
  const at = slotter(selectFirst(parent, relative), path);
  return { start: { ...at('cbc:StartDate'), style: 'ISO' }, end: { ...at('cbc:EndDate'), style: 'ISO' } };
}

/** cac:AllowanceCharge under the document (BG-20/21, with their VAT) or under a line (BG-27/28). */
function readAllowanceCharges(parent: XmlElement, parentPath: string, level: RawAllowanceCharge['level']): RawAllowanceCharge[] {
  return childrenNamed(parent, 'cac:AllowanceCharge').map((element, index) => {
    const path = indexed(`${parentPath}/cac:AllowanceCharge`, index);
    const at = slotter(element, path);
    return {
      path,
      level,
      indicator: at('cbc:ChargeIndicator'),
      amount: at('cbc:Amount'),
      baseAmount: at('cbc:BaseAmount'),
      percentage: at('cbc:MultiplierFactorNumeric'),
      reasonCode: at('cbc:AllowanceChargeReasonCode'),
      reason: at('cbc:AllowanceChargeReason'),
      vatCategory: at('cac:TaxCategory/cbc:ID'),
      vatRate: at('cac:TaxCategory/cbc:Percent'),
    };
  });
}

function readPrecedingInvoices(root: XmlElement, rootPath: string): RawPrecedingInvoice[] {
  return childrenNamed(root, 'cac:BillingReference').map((reference, index) => {
    const at = slotter(reference, indexed(`${rootPath}/cac:BillingReference`, index));
    return {
      number: at('cac:InvoiceDocumentReference/cbc:ID'),
      issueDate: { ...at('cac:InvoiceDocumentReference/cbc:IssueDate'), style: 'ISO' },
    };
  });
}

/** AdditionalDocumentReference: BG-24, except the tender (50, BT-17) and invoiced object (130, BT-18) references. */
const NOT_ATTACHMENTS = new Set(['50', '130']);

function readAttachments(root: XmlElement, rootPath: string): RawAttachment[] {
  return childrenNamed(root, 'cac:AdditionalDocumentReference').flatMap((reference, index) => {
    const typeCode = textAt(reference, 'cbc:DocumentTypeCode');
    if (typeCode !== undefined && NOT_ATTACHMENTS.has(typeCode)) return [];
    const path = indexed(`${rootPath}/cac:AdditionalDocumentReference`, index);
    const at = slotter(reference, path);
    const binary = selectFirst(reference, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject');
    return [
      {
        path,
        id: at('cbc:ID'),
        description: at('cbc:DocumentDescription'),
        content: at('cac:Attachment/cbc:EmbeddedDocumentBinaryObject'),
        mimeCode: attributeOf(binary, 'mimeCode'),
        fileName: attributeOf(binary, 'filename'),
        uri: textAt(reference, 'cac:Attachment/cac:ExternalReference/cbc:URI'),
      },
    ];
  });
}

/**
 * A document may carry two TaxTotal (BT-110 in the invoice currency, BT-111 in the VAT accounting
 * currency); only the one in the invoice currency holds the breakdown we want.
 */
function documentTaxTotal(root: XmlElement, currency: string | undefined): { element?: XmlElement; index: number } {
  const totals = childrenNamed(root, 'cac:TaxTotal');
  const inCurrency = totals.findIndex((total) => {
    const amountCurrency = attributeOf(selectFirst(total, 'cbc:TaxAmount'), 'currencyID');
    return amountCurrency === undefined || amountCurrency === currency;
  });
  const withBreakdown = totals.findIndex((total) => childrenNamed(total, 'cac:TaxSubtotal').length > 0);
  const index = inCurrency >= 0 ? inCurrency : Math.max(withBreakdown, 0);
  return { element: totals[index], index };
}

const ID_PLACES = ['cac:PartyIdentification/cbc:ID', 'cac:PartyLegalEntity/cbc:CompanyID', 'cbc:EndpointID'];

function readParty(root: XmlElement, rootPath: string, wrapper: string, role: RawParty['role']): RawParty {
  const path = `${rootPath}/cac:${wrapper}/cac:Party`;
  const party = selectFirst(root, `cac:${wrapper}/cac:Party`);
  return {
    role,
    element: wrapper,
    path,
    searchedPlaces: ID_PLACES,
    ids: ID_PLACES.flatMap((place) => partyIds(party, path, place)),
    name: textAt(party, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? textAt(party, 'cac:PartyName/cbc:Name'),
    vatNumber: vatNumberOf(party),
  };
}

function vatNumberOf(party: XmlElement | undefined): string | undefined {
  const scheme = select(party, 'cac:PartyTaxScheme').find((taxScheme) => {
    const id = textAt(taxScheme, 'cac:TaxScheme/cbc:ID');
    return id === undefined || id.toUpperCase() === 'VAT';
  });
  return textAt(scheme, 'cbc:CompanyID');
}

function readVatBreakdown(taxTotal: XmlElement | undefined, taxTotalPath: string): RawVatBreakdown[] {
  return childrenNamed(taxTotal, 'cac:TaxSubtotal').map((subtotal, index) => {
    const path = indexed(`${taxTotalPath}/cac:TaxSubtotal`, index);
    const at = slotter(subtotal, path);
    return {
      path,
      taxableAmount: at('cbc:TaxableAmount'),
      vatAmount: at('cbc:TaxAmount'),
      category: at('cac:TaxCategory/cbc:ID'),
      rate: at('cac:TaxCategory/cbc:Percent'),
      exemptionReason: at('cac:TaxCategory/cbc:TaxExemptionReason'),
      exemptionReasonCode: at('cac:TaxCategory/cbc:TaxExemptionReasonCode'),
    };
  });
}

function readLines(root: XmlElement, rootPath: string, creditNote: boolean): RawLine[] {
  const lineName = creditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const quantityName = creditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
  return childrenNamed(root, lineName).map((line, index) => {
    const path = indexed(`${rootPath}/${lineName}`, index);
    const at = slotter(line, path);
    // BT-147 / BT-148: the price's own allowance (UBL allows one, and only an allowance).
    const priceAllowance = select(line, 'cac:Price/cac:AllowanceCharge').find((charge) => textAt(charge, 'cbc:ChargeIndicator') !== 'true');
    const priceAt = slotter(priceAllowance, `${path}/cac:Price/cac:AllowanceCharge`);
    return {
      path,
      number: at('cbc:ID'),
      description: firstFilled(at('cac:Item/cbc:Name'), at('cac:Item/cbc:Description')),
      quantity: at(quantityName),
      unitCode: attributeOf(selectFirst(line, quantityName), 'unitCode'),
      unitPrice: at('cac:Price/cbc:PriceAmount'),
      priceBaseQuantity: at('cac:Price/cbc:BaseQuantity'),
      grossPrice: priceAt('cbc:BaseAmount'),
      priceDiscount: priceAt('cbc:Amount'),
      netAmount: at('cbc:LineExtensionAmount'),
      vatCategory: at('cac:Item/cac:ClassifiedTaxCategory/cbc:ID'),
      vatRate: at('cac:Item/cac:ClassifiedTaxCategory/cbc:Percent'),
      allowanceCharges: readAllowanceCharges(line, path, 'line'),
      period: readPeriod(line, `${path}/cac:InvoicePeriod`, 'cac:InvoicePeriod'),
    };
  });
}
