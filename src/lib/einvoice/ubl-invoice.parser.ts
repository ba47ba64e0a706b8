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
  const taxTotal = documentTaxTotal(root, textAt(root, 'cbc:DocumentCurrencyCode'));
  const taxTotalPath = indexed(`${rootPath}/cac:TaxTotal`, taxTotal.index);
  return {
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
      exclTax: at('cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount'),
      vat: slotter(taxTotal.element, taxTotalPath)('cbc:TaxAmount'),
      inclTax: at('cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount'),
      due: at('cac:LegalMonetaryTotal/cbc:PayableAmount'),
    },
    vatBreakdown: readVatBreakdown(taxTotal.element, taxTotalPath),
    lines: readLines(root, rootPath, creditNote),
    paymentMeansCode: textAt(root, 'cac:PaymentMeans/cbc:PaymentMeansCode'),
    iban: textAt(root, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID'),
    notes: textsAt(root, 'cbc:Note'),
  };
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
    const at = slotter(subtotal, indexed(`${taxTotalPath}/cac:TaxSubtotal`, index));
    return {
      taxableAmount: at('cbc:TaxableAmount'),
      vatAmount: at('cbc:TaxAmount'),
      category: at('cac:TaxCategory/cbc:ID'),
      rate: at('cac:TaxCategory/cbc:Percent'),
    };
  });
}

function readLines(root: XmlElement, rootPath: string, creditNote: boolean): RawLine[] {
  const lineName = creditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const quantityName = creditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
  return childrenNamed(root, lineName).map((line, index) => {
    const at = slotter(line, indexed(`${rootPath}/${lineName}`, index));
    return {
      number: at('cbc:ID'),
      description: firstFilled(at('cac:Item/cbc:Name'), at('cac:Item/cbc:Description')),
      quantity: at(quantityName),
      unitPrice: at('cac:Price/cbc:PriceAmount'),
      netAmount: at('cbc:LineExtensionAmount'),
      vatRate: at('cac:Item/cac:ClassifiedTaxCategory/cbc:Percent'),
    };
  });
}
