import { normaliseInvoice } from './invoice-normaliser';
import type { InvoiceParseOptions, InvoiceParseResult, XmlInvoiceParseOptions } from './normalised-invoice';
import {
  firstFilled,
  indexed,
  partyIds,
  slotter,
  type DateSlot,
  type RawAllowanceCharge,
  type RawAttachment,
  type RawInvoice,
  type RawLine,
  type RawParty,
  type RawPeriod,
  type RawPrecedingInvoice,
  type RawVatBreakdown,
} from './raw-invoice';
import type { ParsedXml, XmlElement } from './safe-xml';
import { parseXmlDocument, syntaxMismatch } from './xml-document';
import { attributeOf, childrenNamed, select, selectFirst, textAt, textsAt } from './xml-query';
import { syntaxOfRoot } from './xml-syntax';

/** UN/CEFACT CII D16B (EN 16931, Factur-X / ZUGFeRD 2 profiles MINIMUM…EXTENDED) → normalised invoice. */

const ROOT = '/rsm:CrossIndustryInvoice';
const DOCUMENT = 'rsm:ExchangedDocument';
const TRANSACTION = 'rsm:SupplyChainTradeTransaction';
const AGREEMENT = `${TRANSACTION}/ram:ApplicableHeaderTradeAgreement`;
const SETTLEMENT = `${TRANSACTION}/ram:ApplicableHeaderTradeSettlement`;
const SUMMATION = `${SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
const PAYMENT_MEANS = `${SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`;

/** Never throws on bad content: malformed XML, DTDs and business errors come back as `errors`. */
export function parseCiiInvoice(xml: string | Buffer, options: XmlInvoiceParseOptions = {}): InvoiceParseResult {
  const parsed = parseXmlDocument(xml, options.maxBytes);
  return parsed.ok ? parseCiiDocument(parsed.document, options) : parsed;
}

export function parseCiiDocument(document: ParsedXml, options: InvoiceParseOptions = {}): InvoiceParseResult {
  const syntax = syntaxOfRoot({ localName: document.root.name, namespace: document.rootNamespace });
  if (syntax !== 'CII') return { ok: false, errors: [syntaxMismatch('CII', document)] };
  return normaliseInvoice(readCii(document.root), options);
}

function readCii(root: XmlElement): RawInvoice {
  const at = slotter(root, ROOT);
  const currency = textAt(root, `${SETTLEMENT}/ram:InvoiceCurrencyCode`);
  const taxCurrency = textAt(root, `${SETTLEMENT}/ram:TaxCurrencyCode`);
  return {
    syntax: 'CII',
    number: at(`${DOCUMENT}/ram:ID`),
    issueDate: ciiDate(root, ROOT, `${DOCUMENT}/ram:IssueDateTime/udt:DateTimeString`),
    typeCode: at(`${DOCUMENT}/ram:TypeCode`),
    creditNoteDocument: false,
    currency: at(`${SETTLEMENT}/ram:InvoiceCurrencyCode`),
    supplier: readParty(root, 'SellerTradeParty', 'supplier'),
    recipient: readParty(root, 'BuyerTradeParty', 'recipient'),
    buyerReference: at(`${AGREEMENT}/ram:BuyerReference`),
    engagement: at(`${AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`),
    contract: at(`${AGREEMENT}/ram:ContractReferencedDocument/ram:IssuerAssignedID`),
    totals: {
      lineTotal: at(`${SUMMATION}/ram:LineTotalAmount`),
      allowanceTotal: at(`${SUMMATION}/ram:AllowanceTotalAmount`),
      chargeTotal: at(`${SUMMATION}/ram:ChargeTotalAmount`),
      exclTax: at(`${SUMMATION}/ram:TaxBasisTotalAmount`),
      vat: taxTotalAmount(root, currency),
      inclTax: at(`${SUMMATION}/ram:GrandTotalAmount`),
      prepaid: at(`${SUMMATION}/ram:TotalPrepaidAmount`),
      rounding: at(`${SUMMATION}/ram:RoundingAmount`),
      due: at(`${SUMMATION}/ram:DuePayableAmount`),
    },
    taxCurrency: at(`${SETTLEMENT}/ram:TaxCurrencyCode`),
    vatInTaxCurrency:
      taxCurrency === undefined || taxCurrency === currency
        ? { path: `${ROOT}/${SUMMATION}/ram:TaxTotalAmount` }
        : taxTotalAmountIn(root, taxCurrency),
    vatBreakdown: readVatBreakdown(root),
    allowanceCharges: readAllowanceCharges(selectFirst(root, SETTLEMENT), `${ROOT}/${SETTLEMENT}`, 'document'),
    lines: readLines(root),
    invoicePeriod: readPeriod(selectFirst(root, SETTLEMENT), `${ROOT}/${SETTLEMENT}`),
    precedingInvoices: readPrecedingInvoices(root),
    attachments: readAttachments(root),
    paymentMeansCode: textAt(root, `${PAYMENT_MEANS}/ram:TypeCode`),
    iban: textAt(root, `${PAYMENT_MEANS}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID`),
    notes: textsAt(root, `${DOCUMENT}/ram:IncludedNote/ram:Content`),
  };
}

/** A CII date (udt:DateTimeString or qdt:DateTimeString) with its `format` attribute. */
function ciiDate(parent: XmlElement | undefined, parentPath: string, relative: string): DateSlot {
  return { ...slotter(parent, parentPath)(relative), format: attributeOf(selectFirst(parent, relative), 'format'), style: 'CII' };
}

/** BG-14 / BG-26: ram:BillingSpecifiedPeriod under a settlement. */
function readPeriod(settlement: XmlElement | undefined, settlementPath: string): RawPeriod {
  return {
    start: ciiDate(settlement, settlementPath, 'ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString'),
    end: ciiDate(settlement, settlementPath, 'ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString'),
  };
}

/** ram:SpecifiedTradeAllowanceCharge under the header settlement (BG-20/21) or a line's (BG-27/28). */
function readAllowanceCharges(settlement: XmlElement | undefined, settlementPath: string, level: RawAllowanceCharge['level']): RawAllowanceCharge[] {
  return childrenNamed(settlement, 'ram:SpecifiedTradeAllowanceCharge').map((element, index) => {
    const path = indexed(`${settlementPath}/ram:SpecifiedTradeAllowanceCharge`, index);
    const at = slotter(element, path);
    return {
      path,
      level,
      indicator: at('ram:ChargeIndicator/udt:Indicator'),
      amount: at('ram:ActualAmount'),
      baseAmount: at('ram:BasisAmount'),
      percentage: at('ram:CalculationPercent'),
      reasonCode: at('ram:ReasonCode'),
      reason: at('ram:Reason'),
      vatCategory: at('ram:CategoryTradeTax/ram:CategoryCode'),
      vatRate: at('ram:CategoryTradeTax/ram:RateApplicablePercent'),
    };
  });
}

function readPrecedingInvoices(root: XmlElement): RawPrecedingInvoice[] {
  const settlement = selectFirst(root, SETTLEMENT);
  return childrenNamed(settlement, 'ram:InvoiceReferencedDocument').map((reference, index) => {
    const path = indexed(`${ROOT}/${SETTLEMENT}/ram:InvoiceReferencedDocument`, index);
    return {
      number: slotter(reference, path)('ram:IssuerAssignedID'),
      issueDate: ciiDate(reference, path, 'ram:FormattedIssueDateTime/qdt:DateTimeString'),
    };
  });
}

/** AdditionalReferencedDocument of type 916 (BG-24); 50 is the tender (BT-17), 130 the invoiced object (BT-18). */
const ATTACHMENT_TYPE = '916';

function readAttachments(root: XmlElement): RawAttachment[] {
  const agreement = selectFirst(root, AGREEMENT);
  return childrenNamed(agreement, 'ram:AdditionalReferencedDocument').flatMap((reference, index) => {
    if (textAt(reference, 'ram:TypeCode') !== ATTACHMENT_TYPE) return [];
    const path = indexed(`${ROOT}/${AGREEMENT}/ram:AdditionalReferencedDocument`, index);
    const at = slotter(reference, path);
    const binary = selectFirst(reference, 'ram:AttachmentBinaryObject');
    return [
      {
        path,
        id: at('ram:IssuerAssignedID'),
        description: at('ram:Name'),
        content: at('ram:AttachmentBinaryObject'),
        mimeCode: attributeOf(binary, 'mimeCode'),
        fileName: attributeOf(binary, 'filename'),
        uri: textAt(reference, 'ram:URIID'),
      },
    ];
  });
}

/** BT-111: the TaxTotalAmount in the VAT accounting currency. */
function taxTotalAmountIn(root: XmlElement, taxCurrency: string): { path: string; value?: string } {
  const path = `${ROOT}/${SUMMATION}/ram:TaxTotalAmount`;
  const chosen = select(root, `${SUMMATION}/ram:TaxTotalAmount`).find((amount) => attributeOf(amount, 'currencyID') === taxCurrency);
  return { path, value: chosen?.text === '' ? undefined : chosen?.text };
}

/** TaxTotalAmount may appear twice (invoice currency, VAT accounting currency): take the former. */
function taxTotalAmount(root: XmlElement, currency: string | undefined): { path: string; value?: string } {
  const path = `${ROOT}/${SUMMATION}/ram:TaxTotalAmount`;
  const amounts = select(root, `${SUMMATION}/ram:TaxTotalAmount`);
  const chosen =
    amounts.find((amount) => attributeOf(amount, 'currencyID') === currency) ??
    amounts.find((amount) => attributeOf(amount, 'currencyID') === undefined) ??
    amounts[0];
  return { path, value: chosen?.text === '' ? undefined : chosen?.text };
}

/** GlobalID / ID / legal organisation, plus the electronic address (BT-49) which may carry a SIRET. */
const ID_PLACES = [
  'ram:GlobalID',
  'ram:ID',
  'ram:SpecifiedLegalOrganization/ram:ID',
  'ram:URIUniversalCommunication/ram:URIID',
];

function readParty(root: XmlElement, element: string, role: RawParty['role']): RawParty {
  const path = `${ROOT}/${AGREEMENT}/ram:${element}`;
  const party = selectFirst(root, `${AGREEMENT}/ram:${element}`);
  const vat = select(party, 'ram:SpecifiedTaxRegistration/ram:ID').find(
    (id) => attributeOf(id, 'schemeID')?.toUpperCase() === 'VA' && id.text !== '',
  );
  return {
    role,
    element,
    path,
    searchedPlaces: ID_PLACES,
    ids: ID_PLACES.flatMap((place) => partyIds(party, path, place)),
    name: textAt(party, 'ram:Name'),
    vatNumber: vat?.text,
  };
}

function readVatBreakdown(root: XmlElement): RawVatBreakdown[] {
  const settlement = selectFirst(root, SETTLEMENT);
  return childrenNamed(settlement, 'ram:ApplicableTradeTax').map((tax, index) => {
    const path = indexed(`${ROOT}/${SETTLEMENT}/ram:ApplicableTradeTax`, index);
    const at = slotter(tax, path);
    return {
      path,
      taxableAmount: at('ram:BasisAmount'),
      vatAmount: at('ram:CalculatedAmount'),
      category: at('ram:CategoryCode'),
      rate: at('ram:RateApplicablePercent'),
      exemptionReason: at('ram:ExemptionReason'),
      exemptionReasonCode: at('ram:ExemptionReasonCode'),
    };
  });
}

function readLines(root: XmlElement): RawLine[] {
  const transaction = selectFirst(root, TRANSACTION);
  return childrenNamed(transaction, 'ram:IncludedSupplyChainTradeLineItem').map((line, index) => {
    const path = indexed(`${ROOT}/${TRANSACTION}/ram:IncludedSupplyChainTradeLineItem`, index);
    const at = slotter(line, path);
    const agreement = 'ram:SpecifiedLineTradeAgreement';
    const settlement = 'ram:SpecifiedLineTradeSettlement';
    const gross = `${agreement}/ram:GrossPriceProductTradePrice`;
    const discount = select(line, `${gross}/ram:AppliedTradeAllowanceCharge`).find(
      (charge) => textAt(charge, 'ram:ChargeIndicator/udt:Indicator') !== 'true',
    );
    return {
      path,
      number: at('ram:AssociatedDocumentLineDocument/ram:LineID'),
      description: firstFilled(at('ram:SpecifiedTradeProduct/ram:Name'), at('ram:SpecifiedTradeProduct/ram:Description')),
      quantity: at('ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'),
      unitCode: attributeOf(selectFirst(line, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'), 'unitCode'),
      unitPrice: at(`${agreement}/ram:NetPriceProductTradePrice/ram:ChargeAmount`),
      // BT-149 belongs to the net price; some generators write it on the gross price only.
      priceBaseQuantity: firstFilled(at(`${agreement}/ram:NetPriceProductTradePrice/ram:BasisQuantity`), at(`${gross}/ram:BasisQuantity`)),
      grossPrice: at(`${gross}/ram:ChargeAmount`),
      priceDiscount: slotter(discount, `${path}/${gross}/ram:AppliedTradeAllowanceCharge`)('ram:ActualAmount'),
      netAmount: at(`${settlement}/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`),
      vatCategory: at(`${settlement}/ram:ApplicableTradeTax/ram:CategoryCode`),
      vatRate: at(`${settlement}/ram:ApplicableTradeTax/ram:RateApplicablePercent`),
      allowanceCharges: readAllowanceCharges(selectFirst(line, settlement), `${path}/${settlement}`, 'line'),
      period: readPeriod(selectFirst(line, settlement), `${path}/${settlement}`),
    };
  });
}
