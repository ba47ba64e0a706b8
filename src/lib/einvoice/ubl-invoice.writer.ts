import { EN16931_GUIDELINE } from './cii-invoice.writer';
import { CATEGORIES_WITH_EXEMPTION_REASON, CATEGORIES_WITHOUT_RATE, paymentMeansOf, type InvoiceDocument, type PostalAddress } from './invoice-document';
import { amountText as amount, decimalText as decimal, escapeXml as escape, sumAmountTexts, vatCategoryOf } from './writer-values';

/**
 * An invoice → UBL 2.1 Invoice (or CreditNote for credit notes), EN 16931 (CustomizationID
 * urn:cen.eu:en16931:2017): the same content as `writeCiiInvoice`, in UBL's syntax and element order.
 * The inverse of `parseUblInvoice` (ubl-invoice.writer.spec.ts). Decimals are written from their text.
 */

const UBL_CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const UBL_CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

const cbc = (name: string, value: string | undefined, attributes = ''): string => (value ? `<cbc:${name}${attributes}>${escape(value)}</cbc:${name}>` : '');

function address(value: PostalAddress | undefined): string {
  if (!value) return '';
  return (
    '<cac:PostalAddress>' +
    cbc('StreetName', value.line1) +
    cbc('AdditionalStreetName', value.line2) +
    cbc('CityName', value.city) +
    cbc('PostalZone', value.postalCode) +
    (value.line3 ? `<cac:AddressLine>${cbc('Line', value.line3)}</cac:AddressLine>` : '') +
    `<cac:Country>${cbc('IdentificationCode', value.countryCode)}</cac:Country>` +
    '</cac:PostalAddress>'
  );
}

function party(wrapper: string, p: { name?: string; siret?: string; vatNumber?: string; address?: PostalAddress }): string {
  const siret = p.siret ? escape(p.siret) : undefined;
  return `
  <cac:${wrapper}><cac:Party>${siret ? `<cac:PartyIdentification><cbc:ID schemeID="0009">${siret}</cbc:ID></cac:PartyIdentification>` : ''}${
    p.name ? `<cac:PartyName>${cbc('Name', p.name)}</cac:PartyName>` : ''
  }${address(p.address)}${
    p.vatNumber ? `<cac:PartyTaxScheme>${cbc('CompanyID', p.vatNumber)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>` : ''
  }<cac:PartyLegalEntity>${cbc('RegistrationName', p.name ?? '-')}${siret ? `<cbc:CompanyID schemeID="0009">${siret}</cbc:CompanyID>` : ''}</cac:PartyLegalEntity></cac:Party></cac:${wrapper}>`;
}

function taxCategory(tag: 'TaxCategory' | 'ClassifiedTaxCategory', category: string, rate: string | undefined, reason?: string): string {
  const percent = rate !== undefined && !CATEGORIES_WITHOUT_RATE.has(category) ? `<cbc:Percent>${decimal(rate, 4)}</cbc:Percent>` : '';
  return `<cac:${tag}><cbc:ID>${escape(category)}</cbc:ID>${percent}${cbc('TaxExemptionReason', reason)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:${tag}>`;
}

export function writeUblInvoice(invoice: InvoiceDocument): Buffer {
  const credit = invoice.type === 'AVOIR';
  const root = credit ? 'CreditNote' : 'Invoice';
  const lineTag = credit ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityTag = credit ? 'CreditedQuantity' : 'InvoicedQuantity';
  const cur = ` currencyID="${escape(invoice.currency)}"`;
  const t = invoice.totals;
  const lineTotal = invoice.lines.length > 0 ? sumAmountTexts(invoice.lines.map((l) => l.netAmount)) : t.totalExclTax;
  const subtotals = invoice.vatBreakdown
    .map((v) => {
      const reason = CATEGORIES_WITH_EXEMPTION_REASON[v.category] ? (invoice.vatExemptionReason ?? CATEGORIES_WITH_EXEMPTION_REASON[v.category]) : undefined;
      return `<cac:TaxSubtotal><cbc:TaxableAmount${cur}>${amount(v.taxableAmount)}</cbc:TaxableAmount><cbc:TaxAmount${cur}>${amount(v.vatAmount)}</cbc:TaxAmount>${taxCategory('TaxCategory', v.category, v.rate, reason)}</cac:TaxSubtotal>`;
    })
    .join('');
  const lines = invoice.lines
    .map(
      (line) => `
  <cac:${lineTag}><cbc:ID>${escape(line.number)}</cbc:ID><cbc:${quantityTag} unitCode="C62">${decimal(line.quantity, 6)}</cbc:${quantityTag}><cbc:LineExtensionAmount${cur}>${amount(line.netAmount)}</cbc:LineExtensionAmount><cac:Item>${cbc('Name', line.description || '-')}${taxCategory(
    'ClassifiedTaxCategory',
    vatCategoryOf(line.vatRate, invoice.vatBreakdown),
    line.vatRate,
  )}</cac:Item><cac:Price><cbc:PriceAmount${cur}>${decimal(line.unitPrice, 6)}</cbc:PriceAmount></cac:Price></cac:${lineTag}>`,
    )
    .join('');
  const account =
    invoice.iban
      ? `<cac:PayeeFinancialAccount>${cbc('ID', invoice.iban)}${cbc('Name', invoice.accountName)}</cac:PayeeFinancialAccount>`
      : '';
  const meansCode = paymentMeansOf(invoice);
  const means = meansCode
    ? `
  <cac:PaymentMeans>${cbc('PaymentMeansCode', meansCode)}${credit ? cbc('PaymentDueDate', invoice.dueDate) : ''}${account}</cac:PaymentMeans>`
    : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="${UBL_CAC}" xmlns:cbc="${UBL_CBC}">
  <cbc:CustomizationID>${EN16931_GUIDELINE}</cbc:CustomizationID>
  ${cbc('ID', invoice.number)}
  <cbc:IssueDate>${escape(invoice.issueDate)}</cbc:IssueDate>${!credit && invoice.dueDate ? `\n  <cbc:DueDate>${escape(invoice.dueDate)}</cbc:DueDate>` : ''}
  <cbc:${credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'}>${escape(invoice.typeCode)}</cbc:${credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'}>${invoice.note ? `\n  ${cbc('Note', invoice.note)}` : ''}
  <cbc:DocumentCurrencyCode>${escape(invoice.currency)}</cbc:DocumentCurrencyCode>${invoice.recipient.serviceCode ? `\n  ${cbc('BuyerReference', invoice.recipient.serviceCode)}` : ''}${
    invoice.engagementNumber ? `\n  <cac:OrderReference>${cbc('ID', invoice.engagementNumber)}</cac:OrderReference>` : ''
  }${invoice.contractNumber ? `\n  <cac:ContractDocumentReference>${cbc('ID', invoice.contractNumber)}</cac:ContractDocumentReference>` : ''}${party('AccountingSupplierParty', invoice.supplier)}${party(
    'AccountingCustomerParty',
    invoice.recipient,
  )}${means}${invoice.paymentTerms ? `\n  <cac:PaymentTerms>${cbc('Note', invoice.paymentTerms)}</cac:PaymentTerms>` : ''}
  <cac:TaxTotal><cbc:TaxAmount${cur}>${amount(t.totalVat)}</cbc:TaxAmount>${subtotals}</cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount${cur}>${amount(lineTotal)}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount${cur}>${amount(t.totalExclTax)}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount${cur}>${amount(
    t.totalInclTax,
  )}</cbc:TaxInclusiveAmount><cbc:PayableAmount${cur}>${amount(t.amountDue)}</cbc:PayableAmount></cac:LegalMonetaryTotal>${lines}
</${root}>
`;
  return Buffer.from(xml, 'utf8');
}
