import { CATEGORIES_WITH_EXEMPTION_REASON, CATEGORIES_WITHOUT_RATE, paymentMeansOf, type InvoiceDocument, type PostalAddress } from './invoice-document';
import { amountText as amount, date102, decimalText as decimal, escapeXml as escape, sumAmountTexts, vatCategoryOf } from './writer-values';
import { CII_NS } from './xml-syntax';

/**
 * An invoice → UN/CEFACT CII D16B, profile EN 16931 (guideline urn:cen.eu:en16931:2017): the structured
 * rendition of an invoice the platform writes out (API mode's PIVOT/XML downloads, the REST document
 * route, the XML embedded in the Factur-X it renders). Elements are written in the order of the CII
 * schema. The inverse of `parseCiiInvoice`: what it writes reads back to the same invoice
 * (cii-invoice.writer.spec.ts). Decimals are written from their text, never through a float.
 */

const BASE = CII_NS.replace(/:CrossIndustryInvoice:100$/, '');
const RSM = CII_NS;
const RAM = `${BASE}:ReusableAggregateBusinessInformationEntity:100`;
const UDT = `${BASE}:UnqualifiedDataType:100`;

export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';

const element = (name: string, value: string | undefined): string => (value ? `<ram:${name}>${escape(value)}</ram:${name}>` : '');

function address(value: PostalAddress | undefined): string {
  if (!value) return '';
  return (
    '<ram:PostalTradeAddress>' +
    element('PostcodeCode', value.postalCode) +
    element('LineOne', value.line1) +
    element('LineTwo', value.line2) +
    element('LineThree', value.line3) +
    element('CityName', value.city) +
    element('CountryID', value.countryCode) +
    '</ram:PostalTradeAddress>'
  );
}

function party(p: { name?: string; siret?: string; vatNumber?: string; address?: PostalAddress }): string {
  return (
    element('Name', p.name) +
    (p.siret ? `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">${escape(p.siret)}</ram:ID></ram:SpecifiedLegalOrganization>` : '') +
    address(p.address) +
    (p.vatNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${escape(p.vatNumber)}</ram:ID></ram:SpecifiedTaxRegistration>` : '')
  );
}

export function writeCiiInvoice(invoice: InvoiceDocument): Buffer {
  const lines = invoice.lines
    .map((line) => {
      const category = vatCategoryOf(line.vatRate, invoice.vatBreakdown);
      const rate = line.vatRate !== undefined && !CATEGORIES_WITHOUT_RATE.has(category) ? `<ram:RateApplicablePercent>${decimal(line.vatRate, 4)}</ram:RateApplicablePercent>` : '';
      return `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${escape(line.number)}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>${escape(line.description || '-')}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${decimal(line.unitPrice, 6)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${decimal(line.quantity, 6)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${escape(category)}</ram:CategoryCode>${rate}</ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(line.netAmount)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`;
    })
    .join('');
  const taxes = invoice.vatBreakdown
    .map((v) => {
      const reason = CATEGORIES_WITH_EXEMPTION_REASON[v.category] ? element('ExemptionReason', invoice.vatExemptionReason ?? CATEGORIES_WITH_EXEMPTION_REASON[v.category]) : '';
      const rate = CATEGORIES_WITHOUT_RATE.has(v.category) ? '' : `<ram:RateApplicablePercent>${decimal(v.rate, 4)}</ram:RateApplicablePercent>`;
      return `
      <ram:ApplicableTradeTax><ram:CalculatedAmount>${amount(v.vatAmount)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>${reason}<ram:BasisAmount>${amount(v.taxableAmount)}</ram:BasisAmount><ram:CategoryCode>${escape(v.category)}</ram:CategoryCode>${rate}</ram:ApplicableTradeTax>`;
    })
    .join('');
  const t = invoice.totals;
  const lineTotal = invoice.lines.length > 0 ? sumAmountTexts(invoice.lines.map((l) => l.netAmount)) : t.totalExclTax;
  const meansCode = paymentMeansOf(invoice);
  const means = meansCode
    ? `\n      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>${escape(meansCode)}</ram:TypeCode>${
        invoice.iban ? `<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${escape(invoice.iban)}</ram:IBANID>${element('AccountName', invoice.accountName)}</ram:PayeePartyCreditorFinancialAccount>` : ''
      }</ram:SpecifiedTradeSettlementPaymentMeans>`
    : '';
  const terms =
    invoice.paymentTerms || invoice.dueDate
      ? `\n      <ram:SpecifiedTradePaymentTerms>${element('Description', invoice.paymentTerms)}${
          invoice.dueDate ? `<ram:DueDateDateTime><udt:DateTimeString format="102">${date102(invoice.dueDate)}</udt:DateTimeString></ram:DueDateDateTime>` : ''
        }</ram:SpecifiedTradePaymentTerms>`
      : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="${RSM}" xmlns:ram="${RAM}" xmlns:udt="${UDT}">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>${EN16931_GUIDELINE}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${escape(invoice.number)}</ram:ID>
    <ram:TypeCode>${escape(invoice.typeCode)}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${date102(invoice.issueDate)}</udt:DateTimeString></ram:IssueDateTime>${
      invoice.note ? `\n    <ram:IncludedNote><ram:Content>${escape(invoice.note)}</ram:Content></ram:IncludedNote>` : ''
    }
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${lines}
    <ram:ApplicableHeaderTradeAgreement>${invoice.recipient.serviceCode ? `\n      <ram:BuyerReference>${escape(invoice.recipient.serviceCode)}</ram:BuyerReference>` : ''}
      <ram:SellerTradeParty>${party(invoice.supplier)}</ram:SellerTradeParty>
      <ram:BuyerTradeParty>${party(invoice.recipient)}</ram:BuyerTradeParty>${
        invoice.engagementNumber
          ? `\n      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${escape(invoice.engagementNumber)}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>`
          : ''
      }${
        invoice.contractNumber
          ? `\n      <ram:ContractReferencedDocument><ram:IssuerAssignedID>${escape(invoice.contractNumber)}</ram:IssuerAssignedID></ram:ContractReferencedDocument>`
          : ''
      }
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>${escape(invoice.currency)}</ram:InvoiceCurrencyCode>${means}${taxes}${terms}
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>${amount(lineTotal)}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>${amount(t.totalExclTax)}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="${escape(invoice.currency)}">${amount(t.totalVat)}</ram:TaxTotalAmount><ram:GrandTotalAmount>${amount(t.totalInclTax)}</ram:GrandTotalAmount><ram:DuePayableAmount>${amount(t.amountDue)}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
  return Buffer.from(xml, 'utf8');
}
