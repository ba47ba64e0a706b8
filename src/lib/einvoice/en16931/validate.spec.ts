import { fixture, fixtureNames, fixtureText } from '../__fixtures__/flow-fixtures';
import { largeUblInvoice } from '../__fixtures__/en16931-mutations';
import { isRefusing } from '../report';
import { XmlSafetyError } from '../safe-xml';
import { validateWithArtefacts } from '../../../../test/support/en16931-artefacts';
import { validateEn16931 } from './validate';

/** The product's validator (native rules) on the cases issue 17 names, each checked against the artefacts too. */

const EXAMPLE1 = fixtureText('en16931/ubl/ubl-tc434-example1.xml');

/**
 * ubl-tc434-example1 with a document-level allowance of 10.00 and a charge of 5.00 (S 6 %), its totals
 * recomputed the EN 16931 way (BR-CO-13: total without VAT = lines − allowances + charges) or, with
 * `linesOnly`, the way the platform used to (total without VAT = sum of lines).
 */
function withAllowanceAndCharge(linesOnly: boolean): string {
  const allowanceCharge = (charge: boolean, amount: string, reason: string): string =>
    `<cac:AllowanceCharge><cbc:ChargeIndicator>${charge}</cbc:ChargeIndicator><cbc:AllowanceChargeReason>${reason}</cbc:AllowanceChargeReason>` +
    `<cbc:Amount currencyID="EUR">${amount}</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>6</cbc:Percent>` +
    `<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>`;
  const exclusive = linesOnly ? '229.60' : '224.60';
  return EXAMPLE1.replace(
    '<cac:TaxTotal>',
    `${allowanceCharge(false, '10.00', 'Remise fidélité')}${allowanceCharge(true, '5.00', 'Frais de port')}<cac:TaxTotal>`,
  )
    .replace('<cbc:TaxAmount currencyID="EUR">20.73</cbc:TaxAmount>', '<cbc:TaxAmount currencyID="EUR">20.43</cbc:TaxAmount>')
    .replace('<cbc:TaxableAmount currencyID="EUR">183.23</cbc:TaxableAmount>', '<cbc:TaxableAmount currencyID="EUR">178.23</cbc:TaxableAmount>')
    .replace('<cbc:TaxAmount currencyID="EUR">10.99</cbc:TaxAmount>', '<cbc:TaxAmount currencyID="EUR">10.69</cbc:TaxAmount>')
    .replace(
      '<cbc:TaxExclusiveAmount currencyID="EUR">229.60</cbc:TaxExclusiveAmount>',
      `<cbc:TaxExclusiveAmount currencyID="EUR">${exclusive}</cbc:TaxExclusiveAmount>`,
    )
    .replace(
      '<cbc:TaxExclusiveAmount',
      '<cbc:AllowanceTotalAmount currencyID="EUR">10.00</cbc:AllowanceTotalAmount><cbc:ChargeTotalAmount currencyID="EUR">5.00</cbc:ChargeTotalAmount><cbc:TaxExclusiveAmount',
    )
    .replace(/<cbc:(TaxInclusive|Payable)Amount currencyID="EUR">250.33</g, `<cbc:$1Amount currencyID="EUR">${linesOnly ? '250.03' : '245.03'}<`);
}

/** A return line: a negative line amount with a positive quantity (and a positive price), totals to match. */
function withReturnLine(): string {
  const line =
    '<cac:InvoiceLine><cbc:ID>101</cbc:ID><cbc:InvoicedQuantity unitCode="EA">1</cbc:InvoicedQuantity>' +
    '<cbc:LineExtensionAmount currencyID="EUR">-20.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Retour article 1</cbc:Name>' +
    '<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>' +
    '</cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">20.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>\n';
  return largeUblInvoice(2)
    .replace('</Invoice>', `${line}</Invoice>`)
    .replace(/>40\.00</g, '>20.00<')
    .replace(/>8\.00</g, '>4.00<')
    .replace(/>48\.00</g, '>24.00<');
}

describe('validateEn16931 (native EN 16931 rules)', () => {
  it.each([...fixtureNames('en16931/ubl'), ...fixtureNames('en16931/cii')])('accepts the official sample %s', (name) => {
    expect(validateEn16931(fixture(name), name.includes('/ubl/') ? 'UBL' : 'CII').filter(isRefusing)).toEqual([]);
  });

  it('accepts the CII of a real Factur-X (profile EN 16931)', () => {
    expect(validateEn16931(fixture('facturx/factur-x-en16931.xml'), 'CII').filter(isRefusing)).toEqual([]);
  });

  it('accepts a ~50 kB invoice of 100 lines', () => {
    const xml = largeUblInvoice(100);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(50_000);
    expect(validateEn16931(xml, 'UBL')).toEqual([]);
  });

  it('accepts document-level allowances and charges when total = lines − allowances + charges, as the artefacts do', () => {
    const xml = withAllowanceAndCharge(false);
    expect(validateEn16931(xml, 'UBL')).toEqual([]);
    expect(validateWithArtefacts(xml, 'UBL').filter(isRefusing)).toEqual([]);
  });

  it('refuses a total without VAT equal to the sum of lines despite allowances and charges: BR-CO-13 with its values', () => {
    const xml = withAllowanceAndCharge(true);
    const findings = validateEn16931(xml, 'UBL');
    expect(findings).toEqual([
      {
        rule: 'BR-CO-13',
        stage: 'en16931',
        severity: 'error',
        location: '/Invoice/cac:LegalMonetaryTotal',
        businessTerm: 'BT-109',
        message: {
          en: expect.stringContaining('Invoice total amount without VAT (BT-109)'),
          fr: 'Le total hors TVA (BT-109) doit être égal à la somme des lignes (BT-106) moins les remises (BT-107) plus les charges (BT-108).',
        },
        values: { 'BT-109': '229.60', 'BT-106 − BT-107 + BT-108': '224.60' },
      },
    ]);
    expect(validateWithArtefacts(xml, 'UBL').filter(isRefusing).map((f) => f.rule)).toEqual(['BR-CO-13']);
  });

  it('accepts a return line (negative amount, positive quantity), as the artefacts do', () => {
    const xml = withReturnLine();
    expect(validateEn16931(xml, 'UBL')).toEqual([]);
    expect(validateWithArtefacts(xml, 'UBL').filter(isRefusing)).toEqual([]);
  });

  it('accepts a price per base quantity (BT-149) with five decimals, as the artefacts do', () => {
    const xml = largeUblInvoice(3).replace(
      /<cbc:PriceAmount currencyID="EUR">10.00<\/cbc:PriceAmount>/g,
      '<cbc:PriceAmount currencyID="EUR">120.00000</cbc:PriceAmount><cbc:BaseQuantity unitCode="EA">12</cbc:BaseQuantity>',
    );
    expect(xml).toContain('<cbc:BaseQuantity');
    expect(validateEn16931(xml, 'UBL')).toEqual([]);
    expect(validateWithArtefacts(xml, 'UBL').filter(isRefusing)).toEqual([]);
  });

  it('reads bytes as well as text', () => {
    expect(validateEn16931(Buffer.from(EXAMPLE1.replace('250.33</cbc:PayableAmount>', '250.34</cbc:PayableAmount>')), 'UBL')).toEqual([
      expect.objectContaining({ rule: 'BR-CO-16', values: { 'BT-115': '250.34', 'BT-112 − BT-113 + BT-114': '250.33' } }),
    ]);
  });

  it('leaves unreadable XML to the file stage (throws XmlSafetyError)', () => {
    expect(() => validateEn16931('<Invoice', 'UBL')).toThrow(XmlSafetyError);
  });
});
