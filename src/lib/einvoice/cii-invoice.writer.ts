import { formatDecimal, parseDecimal } from '../../shared/domain/money';
import type { NormalisedInvoice, NormalisedVatBreakdown } from './normalised-invoice';
import { CII_NS } from './xml-syntax';

/**
 * A normalised invoice → UN/CEFACT CII D16B (EN 16931 profile): the structured rendition of an invoice
 * that has no deposited document (entered on the portal or through the API), served by the API mode's
 * `telecharger/groupe` (formats PIVOT and XML). The inverse of `parseCiiInvoice`: what it writes reads
 * back to the same invoice (cii-invoice.writer.spec.ts). Decimals are written from their text, never
 * through a float.
 */

const BASE = CII_NS.replace(/:CrossIndustryInvoice:100$/, '');
const RSM = CII_NS;
const RAM = `${BASE}:ReusableAggregateBusinessInformationEntity:100`;
const UDT = `${BASE}:UnqualifiedDataType:100`;

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A decimal text at `scale` decimals at most, with at least two (`"2"` → `"2.00"`, `"1.005"` → `"1.005"`). */
function decimal(value: string, scale: number): string {
  const parsed = parseDecimal(value, scale);
  if (!parsed.ok) throw new RangeError(`not a decimal at scale ${scale}: ${value}`);
  const text = formatDecimal(parsed.value, scale);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}

const amount = (value: string): string => decimal(value, 2);

function vatCategoryOf(rate: string | undefined, breakdown: readonly NormalisedVatBreakdown[]): string {
  const parsed = rate === undefined ? undefined : parseDecimal(rate, 4);
  const same = breakdown.find((b) => {
    const other = parseDecimal(b.rate, 4);
    return parsed?.ok && other.ok && other.value === parsed.value;
  });
  if (same) return same.category;
  return parsed?.ok && parsed.value === 0n ? 'Z' : 'S';
}

const party = (name: string | undefined, siret: string | undefined): string =>
  (name ? `<ram:Name>${escape(name)}</ram:Name>` : '') +
  (siret ? `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">${escape(siret)}</ram:ID></ram:SpecifiedLegalOrganization>` : '');

export function writeCiiInvoice(invoice: NormalisedInvoice): Buffer {
  const lines = invoice.lines
    .map(
      (line) => `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${escape(line.number)}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>${escape(line.description || '-')}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${decimal(line.unitPrice, 6)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${decimal(line.quantity, 6)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${vatCategoryOf(line.vatRate, invoice.vatBreakdown)}</ram:CategoryCode>${
          line.vatRate !== undefined ? `<ram:RateApplicablePercent>${decimal(line.vatRate, 4)}</ram:RateApplicablePercent>` : ''
        }</ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(line.netAmount)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`,
    )
    .join('');
  const taxes = invoice.vatBreakdown
    .map(
      (v) =>
        `
      <ram:ApplicableTradeTax><ram:CalculatedAmount>${amount(v.vatAmount)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>${amount(v.taxableAmount)}</ram:BasisAmount><ram:CategoryCode>${escape(v.category)}</ram:CategoryCode><ram:RateApplicablePercent>${decimal(v.rate, 4)}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`,
    )
    .join('');
  const t = invoice.totals;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="${RSM}" xmlns:ram="${RAM}" xmlns:udt="${UDT}">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${escape(invoice.number)}</ram:ID>
    <ram:TypeCode>${escape(invoice.typeCode)}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${invoice.issueDate.replace(/-/g, '')}</udt:DateTimeString></ram:IssueDateTime>${
      invoice.note ? `\n    <ram:IncludedNote><ram:Content>${escape(invoice.note)}</ram:Content></ram:IncludedNote>` : ''
    }
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${lines}
    <ram:ApplicableHeaderTradeAgreement>${invoice.recipient.serviceCode ? `\n      <ram:BuyerReference>${escape(invoice.recipient.serviceCode)}</ram:BuyerReference>` : ''}
      <ram:SellerTradeParty>${party(invoice.supplier.name, invoice.supplier.siret)}</ram:SellerTradeParty>
      <ram:BuyerTradeParty>${party(invoice.recipient.name, invoice.recipient.siret)}</ram:BuyerTradeParty>${
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
      <ram:InvoiceCurrencyCode>${escape(invoice.currency)}</ram:InvoiceCurrencyCode>${
        invoice.paymentMeansCode ? `\n      <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>${escape(invoice.paymentMeansCode)}</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>` : ''
      }${taxes}
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:TaxBasisTotalAmount>${amount(t.totalExclTax)}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="${escape(invoice.currency)}">${amount(t.totalVat)}</ram:TaxTotalAmount><ram:GrandTotalAmount>${amount(t.totalInclTax)}</ram:GrandTotalAmount><ram:DuePayableAmount>${amount(t.amountDue)}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
  return Buffer.from(xml, 'utf8');
}
