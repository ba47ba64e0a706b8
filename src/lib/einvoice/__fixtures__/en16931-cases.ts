import { parseCiiInvoice } from '../cii-invoice.parser';
import { parseUblInvoice } from '../ubl-invoice.parser';
import { fixtureText, RECIPIENT_SIRET, SUPPLIER_SIRET, ublInvoice, withCiiSirets, withUblSirets } from './flow-fixtures';

/**
 * Real-shaped EN 16931 documents for the cases issue 17 names (test-only). Each is an official example
 * (../shared/samples, EUPL 1.2) or the French Factur-X EN 16931 sample, re-addressed to SUPPLIER_SIRET /
 * RECIPIENT_SIRET like flow-fixtures.ts does, and changed only where the case needs it — keeping every
 * EN 16931 rule satisfied (the changes are commented). e2e tests swap the SIRETs for their structures'.
 */

/** Replaces exactly one occurrence; throws when the text is not there (a fixture must not drift silently). */
export function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? xml.includes(from) : from.test(xml);
  if (!found) throw new Error(`fixture: ${String(from)} not found`);
  return xml.replace(from, to);
}

/** Changes the text of the first `<tag …>value</tag>` to `value + delta` (2 decimals), for mutated documents. */
export function shiftAmount(xml: string, tag: string, delta: number): string {
  const pattern = new RegExp(`(<${tag}(?:\\s[^>]*)?>)\\s*(-?[\\d.]+)\\s*(</${tag}>)`);
  const match = pattern.exec(xml);
  if (!match) throw new Error(`fixture: no <${tag}> amount`);
  const cents = Math.round(Number(match[2]) * 100) + Math.round(delta * 100);
  const shifted = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
  return xml.replace(pattern, `$1${shifted}$3`);
}

/**
 * The French Factur-X EN 16931 sample (CII): three lines (95.00), document-level allowances (9.00) AND
 * charges (14.00) with reasons and VAT categories (BR-CO-13: 95 − 9 + 14 = 100.00), S / E / K categories
 * with exemption reasons, a preceding invoice (BG-3), prepaid and rounding amounts at 0.00. Seller SIRET
 * (0009) → SUPPLIER_SIRET; buyer given RECIPIENT_SIRET; its service code SERVEXEC → `serviceCode`.
 */
export function allowanceAndChargeCii(number: string, serviceCode = 'SERV-01'): string {
  let xml = fixtureText('facturx/factur-x-en16931.xml');
  xml = replaceOnce(xml, '<ram:ID>F20260023</ram:ID>', `<ram:ID>${number}</ram:ID>`);
  xml = replaceOnce(xml, '<ram:GlobalID schemeID="0009">12345678200077</ram:GlobalID>', `<ram:GlobalID schemeID="0009">${SUPPLIER_SIRET}</ram:GlobalID>`);
  xml = replaceOnce(xml, '<ram:BuyerReference>SERVEXEC</ram:BuyerReference>', `<ram:BuyerReference>${serviceCode}</ram:BuyerReference>`);
  return withCiiSirets(xml, { recipient: RECIPIENT_SIRET });
}

/**
 * Adds a supporting document embedded in a CII invoice (BG-24: AdditionalReferencedDocument of type 916
 * with its AttachmentBinaryObject, BT-125), before the procuring project as D16B orders them.
 */
export function withCiiAttachment(xml: string, attachment: { id: string; fileName: string; mediaType: string; content: Buffer }): string {
  const element = `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>${attachment.id}</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:Name>Pièce justificative</ram:Name><ram:AttachmentBinaryObject mimeCode="${attachment.mediaType}" filename="${attachment.fileName}">${attachment.content.toString('base64')}</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>`;
  return replaceOnce(xml, '<ram:SpecifiedProcuringProject>', `${element}<ram:SpecifiedProcuringProject>`);
}

/**
 * The same, with a payable rounding amount (BT-114) that takes the amount due ABOVE the total with VAT
 * (104.90 + 0.10 = 105.00, BR-CO-16) and, with `prepaid`, a prepaid amount (BT-113).
 */
export function roundingCii(number: string, options: { prepaid?: string; due: string; serviceCode?: string }): string {
  let xml = allowanceAndChargeCii(number, options.serviceCode);
  xml = replaceOnce(xml, /<ram:TotalPrepaidAmount>0\.00<\/ram:TotalPrepaidAmount>/, `<ram:TotalPrepaidAmount>${options.prepaid ?? '0.00'}</ram:TotalPrepaidAmount>`);
  xml = replaceOnce(xml, /<ram:RoundingAmount>0\.00<\/ram:RoundingAmount>/, '<ram:RoundingAmount>0.10</ram:RoundingAmount>');
  return replaceOnce(xml, /<ram:DuePayableAmount>104\.90<\/ram:DuePayableAmount>/, `<ram:DuePayableAmount>${options.due}</ram:DuePayableAmount>`);
}

/**
 * Official UBL example 1 (EUR, S at 6 % and 21 %), re-addressed, with two prices as real documents write
 * them: line 1 at 119.40 per 12 units (BT-149 base quantity: 2 × 119.40 / 12 = 19.90, its net amount), line
 * 2 at a 5-decimal price per kW (8 kW at 1.23125 = 9.85, its net amount).
 */
export function baseQuantityUbl(number: string, serviceCode = 'SERV-01'): string {
  let xml = fixtureText('en16931/ubl/ubl-tc434-example1.xml');
  xml = replaceOnce(xml, '<cbc:ID>12115118</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`);
  xml = replaceOnce(xml, '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>', `<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:BuyerReference>${serviceCode}</cbc:BuyerReference>`);
  xml = replaceOnce(xml, '<cbc:PriceAmount currencyID="EUR">9.95</cbc:PriceAmount>', '<cbc:PriceAmount currencyID="EUR">119.40</cbc:PriceAmount><cbc:BaseQuantity unitCode="EA">12</cbc:BaseQuantity>');
  xml = replaceOnce(xml, '<cbc:InvoicedQuantity unitCode="EA">1</cbc:InvoicedQuantity>', '<cbc:InvoicedQuantity unitCode="KWT">8</cbc:InvoicedQuantity>');
  xml = replaceOnce(xml, '<cbc:PriceAmount currencyID="EUR">9.85</cbc:PriceAmount>', '<cbc:PriceAmount currencyID="EUR">1.23125</cbc:PriceAmount>');
  return withUblSirets(xml, { supplier: SUPPLIER_SIRET, recipient: RECIPIENT_SIRET });
}

/** A price with 5 significant decimals and no base quantity: 160 kWh at 0.12437 = 19.8992, invoiced 19.90. */
export function fiveDecimalPriceUbl(number: string): string {
  return ublInvoice({
    number,
    lines: `<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="KWH">160</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">19.90</cbc:LineExtensionAmount><cac:Item><cbc:Name>Électricité</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">0.12437</cbc:PriceAmount></cac:Price></cac:InvoiceLine>`,
    taxTotal: vatS('19.90', '3.98'),
    monetaryTotal: monetary({ lines: '19.90', exclTax: '19.90', inclTax: '23.88', due: '23.88' }),
  });
}

/**
 * An invoice with return lines: 4 reams sold (100.00), one returned as a negative quantity (−1 × 25.00 =
 * −25.00) and a pallet deposit refunded as a negative amount with a positive quantity (1 × 5.00, −5.00).
 * Lines 70.00, VAT 14.00.
 */
export function returnLinesUbl(number: string): string {
  const line = (id: string, quantity: string, amount: string, name: string, price: string): string =>
    `<cac:InvoiceLine><cbc:ID>${id}</cbc:ID><cbc:InvoicedQuantity unitCode="C62">${quantity}</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">${amount}</cbc:LineExtensionAmount><cac:Item><cbc:Name>${name}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">${price}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>`;
  return ublInvoice({
    number,
    lines: [
      line('1', '4', '100.00', 'Ramettes de papier', '25.00'),
      line('2', '-1', '-25.00', 'Retour : ramette abîmée', '25.00'),
      line('3', '1', '-5.00', 'Consigne palette remboursée', '5.00'),
    ].join(''),
    taxTotal: vatS('70.00', '14.00'),
    monetaryTotal: monetary({ lines: '70.00', exclTax: '70.00', inclTax: '84.00', due: '84.00' }),
  });
}

/** Official UBL credit note example (CreditNote, category E with its exemption reason), re-addressed. */
export function creditNoteUbl(number: string, serviceCode = 'SERV-01'): string {
  let xml = fixtureText('en16931/ubl/ubl-tc434-creditnote1.xml');
  xml = replaceOnce(xml, '<cbc:ID>018304 / 28865</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`);
  xml = replaceOnce(xml, '<cbc:BuyerReference>018304 / 28865</cbc:BuyerReference>', `<cbc:BuyerReference>${serviceCode}</cbc:BuyerReference>`);
  return withUblSirets(xml, { supplier: SUPPLIER_SIRET, recipient: RECIPIENT_SIRET });
}

function vatS(base: string, vat: string): string {
  return `<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${vat}</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">${base}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${vat}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>`;
}

function monetary(t: { lines: string; exclTax: string; inclTax: string; due: string }): string {
  return `<cbc:LineExtensionAmount currencyID="EUR">${t.lines}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">${t.exclTax}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">${t.inclTax}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">${t.due}</cbc:PayableAmount>`;
}

/** The official EN 16931 examples (and the French EN 16931-profile samples), as `fixture()` paths. */
export const OFFICIAL_EXAMPLES = [
  'en16931/ubl/ubl-tc434-example1.xml',
  'en16931/ubl/ubl-tc434-example2.xml',
  'en16931/ubl/ubl-tc434-example3.xml',
  'en16931/ubl/ubl-tc434-example4.xml',
  'en16931/ubl/ubl-tc434-example5.xml',
  'en16931/ubl/ubl-tc434-creditnote1.xml',
  'en16931/cii/CII_example1.xml',
  'en16931/cii/CII_example2.xml',
  'en16931/cii/CII_example3.xml',
  'en16931/cii/CII_example4.xml',
  'en16931/cii/CII_example5.xml',
  'facturx/factur-x-en16931.xml',
  'facturx/ubl-21-extended-ctc-fr.xml',
] as const;

/**
 * An official example re-addressed for a deposit: its number replaced, its parties' SIRETs (scheme 0009)
 * replaced by SUPPLIER_SIRET / RECIPIENT_SIRET or added when it has none, its buyer reference (the service
 * code) replaced by `serviceCode`. Nothing else changes: amounts, lines, allowances stay as published.
 */
export function readdressedExample(relative: string, number: string, serviceCode = 'SERV-01'): string {
  return readdressedDocument(fixtureText(relative), number, serviceCode, relative);
}

/** readdressedExample on a document's text (e.g. the CII extracted from a Factur-X PDF). */
export function readdressedDocument(original: string, number: string, serviceCode = 'SERV-01', relative = 'document'): string {
  let xml = original;
  const cii = xml.includes('CrossIndustryInvoice');
  const parsed = (cii ? parseCiiInvoice : parseUblInvoice)(xml, { requirePartyIds: false, calculationRules: false });
  if (!parsed.ok) throw new Error(`fixture ${relative} does not read: ${parsed.errors[0]?.message_en}`);
  const { supplier, recipient } = parsed.invoice;
  if (supplier.siret) xml = xml.split(supplier.siret).join(SUPPLIER_SIRET);
  if (recipient.siret) xml = xml.split(recipient.siret).join(RECIPIENT_SIRET);
  const missing = { supplier: supplier.siret ? undefined : SUPPLIER_SIRET, recipient: recipient.siret ? undefined : RECIPIENT_SIRET };
  xml = cii ? withCiiSirets(xml, missing) : withUblSirets(xml, missing);
  if (cii) {
    xml = replaceOnce(xml, /(<rsm:ExchangedDocument>\s*<ram:ID>)[^<]*(<\/ram:ID>)/, `$1${number}$2`);
    xml = xml.replace(/<ram:BuyerReference>[^<]*<\/ram:BuyerReference>/, `<ram:BuyerReference>${serviceCode}</ram:BuyerReference>`);
  } else {
    xml = replaceOnce(xml, /<cbc:ID>[^<]*<\/cbc:ID>/, `<cbc:ID>${number}</cbc:ID>`);
    xml = xml.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, `<cbc:BuyerReference>${serviceCode}</cbc:BuyerReference>`);
  }
  return xml;
}
