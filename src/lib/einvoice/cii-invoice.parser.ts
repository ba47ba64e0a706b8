import { normaliseInvoice } from './invoice-normaliser';
import type { InvoiceParseOptions, InvoiceParseResult, XmlInvoiceParseOptions } from './normalised-invoice';
import {
  firstFilled,
  indexed,
  partyIds,
  slotter,
  type RawInvoice,
  type RawLine,
  type RawParty,
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
  const dateElement = selectFirst(root, `${DOCUMENT}/ram:IssueDateTime/udt:DateTimeString`);
  return {
    number: at(`${DOCUMENT}/ram:ID`),
    issueDate: {
      ...at(`${DOCUMENT}/ram:IssueDateTime/udt:DateTimeString`),
      format: attributeOf(dateElement, 'format'),
      style: 'CII',
    },
    typeCode: at(`${DOCUMENT}/ram:TypeCode`),
    creditNoteDocument: false,
    currency: at(`${SETTLEMENT}/ram:InvoiceCurrencyCode`),
    supplier: readParty(root, 'SellerTradeParty', 'supplier'),
    recipient: readParty(root, 'BuyerTradeParty', 'recipient'),
    buyerReference: at(`${AGREEMENT}/ram:BuyerReference`),
    engagement: at(`${AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`),
    contract: at(`${AGREEMENT}/ram:ContractReferencedDocument/ram:IssuerAssignedID`),
    totals: {
      exclTax: at(`${SUMMATION}/ram:TaxBasisTotalAmount`),
      vat: taxTotalAmount(root, textAt(root, `${SETTLEMENT}/ram:InvoiceCurrencyCode`)),
      inclTax: at(`${SUMMATION}/ram:GrandTotalAmount`),
      due: at(`${SUMMATION}/ram:DuePayableAmount`),
    },
    vatBreakdown: readVatBreakdown(root),
    lines: readLines(root),
    paymentMeansCode: textAt(root, `${PAYMENT_MEANS}/ram:TypeCode`),
    iban: textAt(root, `${PAYMENT_MEANS}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID`),
    notes: textsAt(root, `${DOCUMENT}/ram:IncludedNote/ram:Content`),
  };
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
    const at = slotter(tax, indexed(`${ROOT}/${SETTLEMENT}/ram:ApplicableTradeTax`, index));
    return {
      taxableAmount: at('ram:BasisAmount'),
      vatAmount: at('ram:CalculatedAmount'),
      category: at('ram:CategoryCode'),
      rate: at('ram:RateApplicablePercent'),
    };
  });
}

function readLines(root: XmlElement): RawLine[] {
  const transaction = selectFirst(root, TRANSACTION);
  return childrenNamed(transaction, 'ram:IncludedSupplyChainTradeLineItem').map((line, index) => {
    const at = slotter(line, indexed(`${ROOT}/${TRANSACTION}/ram:IncludedSupplyChainTradeLineItem`, index));
    const settlement = 'ram:SpecifiedLineTradeSettlement';
    return {
      number: at('ram:AssociatedDocumentLineDocument/ram:LineID'),
      description: firstFilled(at('ram:SpecifiedTradeProduct/ram:Name'), at('ram:SpecifiedTradeProduct/ram:Description')),
      quantity: at('ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'),
      unitPrice: at('ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'),
      netAmount: at(`${settlement}/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`),
      vatRate: at(`${settlement}/ram:ApplicableTradeTax/ram:RateApplicablePercent`),
    };
  });
}
