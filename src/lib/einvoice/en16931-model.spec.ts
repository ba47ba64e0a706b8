import {
  allowanceAndChargeCii,
  baseQuantityUbl,
  creditNoteUbl,
  fiveDecimalPriceUbl,
  OFFICIAL_EXAMPLES,
  readdressedExample,
  returnLinesUbl,
  roundingCii,
  shiftAmount,
} from './__fixtures__/en16931-cases';
import { fixture, fixtureText, RECIPIENT_SIRET, SUPPLIER_SIRET } from './__fixtures__/flow-fixtures';
import { parseCiiInvoice } from './cii-invoice.parser';
import type { InvoiceParseResult, NormalisedInvoice } from './normalised-invoice';
import { parseUblInvoice } from './ubl-invoice.parser';

/**
 * The whole EN 16931 model, read from UBL and CII, and EN 16931's calculation rules (BR-CO-10..17) on
 * real-shaped documents: every official example with its exact amounts, the cases of issue 17, and
 * mutated documents refused with the rule id the official artefacts name.
 */

const isCii = (xml: string | Buffer): boolean => xml.toString().includes('CrossIndustryInvoice');
const parse = (xml: string | Buffer, requirePartyIds = false): InvoiceParseResult =>
  isCii(xml) ? parseCiiInvoice(xml, { requirePartyIds }) : parseUblInvoice(xml, { requirePartyIds });

function read(xml: string | Buffer, requirePartyIds = false): NormalisedInvoice {
  const result = parse(xml, requirePartyIds);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.invoice;
}

const rulesBroken = (xml: string): string[] => {
  const result = parse(xml);
  return result.ok ? [] : result.errors.map((error) => error.finding?.rule ?? error.code);
};

describe('every official example reads with its exact amounts and satisfies the calculation rules', () => {
  // BT-106, BT-107, BT-108, BT-109, BT-110, BT-112, BT-113, BT-114, BT-115 as written in each document.
  it.each<[string, Partial<NormalisedInvoice['totals']>]>([
    ['en16931/ubl/ubl-tc434-example1.xml', { lineTotal: '229.60', totalExclTax: '229.60', totalVat: '20.73', totalInclTax: '250.33', amountDue: '250.33' }],
    ['en16931/ubl/ubl-tc434-example2.xml', { lineTotal: '1436.50', allowanceTotal: '100.00', chargeTotal: '100.00', totalExclTax: '1436.50', totalVat: '365.28', totalInclTax: '1801.78', prepaidAmount: '1000.00', amountDue: '801.78' }],
    ['en16931/ubl/ubl-tc434-example3.xml', { lineTotal: '1600.00', chargeTotal: '100.00', totalExclTax: '1700.00', totalVat: '305.00', totalInclTax: '2005.00', amountDue: '2005.00' }],
    ['en16931/ubl/ubl-tc434-example4.xml', { lineTotal: '4000.00', totalExclTax: '4000.00', totalVat: '675.00', totalInclTax: '4675.00', amountDue: '4675.00' }],
    ['en16931/ubl/ubl-tc434-example5.xml', { lineTotal: '4000.00', allowanceTotal: '150.00', chargeTotal: '150.00', totalExclTax: '4000.00', totalVat: '675.00', totalInclTax: '4675.00', prepaidAmount: '2337.50', amountDue: '2337.50' }],
    ['en16931/ubl/ubl-tc434-creditnote1.xml', { lineTotal: '100.11', totalExclTax: '100.11', totalVat: '0.00', totalInclTax: '100.11', amountDue: '100.11' }],
    ['en16931/cii/CII_example1.xml', { lineTotal: '229.6', totalExclTax: '229.6', totalVat: '20.73', totalInclTax: '250.33', amountDue: '250.33' }],
    ['en16931/cii/CII_example2.xml', { lineTotal: '1436.5', allowanceTotal: '100', chargeTotal: '100', totalExclTax: '1436.5', totalVat: '365.28', totalInclTax: '1801.78', prepaidAmount: '1000', amountDue: '801.78' }],
    ['en16931/cii/CII_example3.xml', { lineTotal: '800', chargeTotal: '100', totalExclTax: '900', totalVat: '225', totalInclTax: '1125', amountDue: '1125' }],
    ['en16931/cii/CII_example4.xml', { lineTotal: '4000', totalExclTax: '4000', totalVat: '675', totalInclTax: '4675', amountDue: '4675' }],
    ['en16931/cii/CII_example5.xml', { lineTotal: '4000.00', allowanceTotal: '150', chargeTotal: '150', totalExclTax: '4000', totalVat: '675.00', totalInclTax: '4675', prepaidAmount: '2337.5', amountDue: '2337.5' }],
    ['facturx/factur-x-en16931.xml', { lineTotal: '95.00', allowanceTotal: '9.00', chargeTotal: '14.00', totalExclTax: '100.00', totalVat: '4.90', totalInclTax: '104.90', prepaidAmount: '0.00', roundingAmount: '0.00', amountDue: '104.90' }],
    ['facturx/factur-x-minimum.xml', { totalExclTax: '100.00', totalVat: '4.90', totalInclTax: '104.90', amountDue: '104.90' }],
    ['facturx/ubl-21-extended-ctc-fr.xml', { lineTotal: '273.00', allowanceTotal: '5.50', chargeTotal: '5.50', totalExclTax: '273.00', totalVat: '35.03', totalInclTax: '308.03', prepaidAmount: '100.00', amountDue: '208.03' }],
  ])('%s', (file, totals) => {
    const invoice = read(fixture(file));
    expect(invoice.totals).toEqual(totals);
  });

  it.each(OFFICIAL_EXAMPLES)('%s re-addressed for a deposit keeps its amounts and routes to the test parties', (file) => {
    const original = read(fixture(file));
    const invoice = read(readdressedExample(file, 'N-1'), true);
    expect(invoice).toMatchObject({ number: 'N-1', supplier: { siret: SUPPLIER_SIRET }, recipient: { siret: RECIPIENT_SIRET } });
    expect(invoice.totals).toEqual(original.totals);
    expect(invoice.lines).toEqual(original.lines);
  });

  it('reads the lines of every example with their net amounts adding up to BT-106 (BR-CO-10)', () => {
    const invoice = read(fixture('en16931/cii/CII_example5.xml'));
    expect(invoice.lines.map((line) => [line.quantity, line.unitPrice, line.priceBaseQuantity, line.netAmount])).toEqual([
      ['1000', '1', '1', '1000'],
      ['100', '5', undefined, '500'],
      ['500', '5', undefined, '2500'],
    ]);
  });
});

describe('document-level allowances and charges (BG-20 / BG-21) with reasons and VAT', () => {
  it('CII: the French EN 16931 sample, lines − allowances + charges = total without VAT', () => {
    const invoice = read(allowanceAndChargeCii('F-AC-1'), true);
    expect(invoice.supplier.siret).toBe(SUPPLIER_SIRET);
    expect(invoice.recipient).toMatchObject({ siret: RECIPIENT_SIRET, serviceCode: 'SERV-01' });
    expect(invoice.totals).toMatchObject({ lineTotal: '95.00', allowanceTotal: '9.00', chargeTotal: '14.00', totalExclTax: '100.00' });
    const charges = invoice.allowanceCharges ?? [];
    expect(charges.filter((c) => c.kind === 'allowance').map((c) => c.amount)).toEqual(['5.00', '1.00', '1.00', '2.00']);
    expect(charges.filter((c) => c.kind === 'charge').map((c) => c.amount)).toEqual(['10.00', '1.00', '2.00', '1.00']);
    expect(charges[0]).toMatchObject({ kind: 'allowance', vatCategory: expect.any(String) });
  });

  it('UBL: example 5, one allowance and one charge with percentage, base, reason code and text, VAT category and rate', () => {
    const invoice = read(fixture('en16931/ubl/ubl-tc434-example5.xml'));
    expect(invoice.allowanceCharges).toEqual([
      { kind: 'allowance', amount: '150.00', baseAmount: '1500.00', percentage: '10', reasonCode: '100', reason: 'Loyal customer', vatCategory: 'S', vatRate: '25' },
      { kind: 'charge', amount: '150.00', baseAmount: '1500.00', percentage: '10', reasonCode: 'ABL', reason: 'Packaging', vatCategory: 'S', vatRate: '25' },
    ]);
  });

  it('CII: example 5, the same business content as UBL example 5 (ChargeIndicator/Indicator, ActualAmount, CategoryTradeTax)', () => {
    const invoice = read(fixture('en16931/cii/CII_example5.xml'));
    expect(invoice.allowanceCharges).toEqual([
      { kind: 'allowance', amount: '150', baseAmount: '1500', percentage: '10', reasonCode: '95', reason: 'Loyal customer', vatCategory: 'S', vatRate: '25' },
      { kind: 'charge', amount: '150', baseAmount: '1500', percentage: '10', reasonCode: 'ABL', reason: 'Packaging', vatCategory: 'S', vatRate: '25' },
    ]);
    // BG-27 / BG-28 on line 1, and its gross price with the price discount (BT-148, BT-147).
    expect(invoice.lines[0]).toMatchObject({
      grossPrice: '1.1',
      priceDiscount: '10',
      allowanceCharges: [
        { kind: 'allowance', amount: '100', baseAmount: '1000', percentage: '10', reasonCode: '95', reason: 'Loyal customer' },
        { kind: 'charge', amount: '100', baseAmount: '1000', percentage: '10', reasonCode: 'ABL', reason: 'Packaging' },
      ],
      period: { start: '2013-03-10', end: '2013-03-10' },
    });
  });
});

describe('prices: base quantity (BT-149) and decimals (BT-146 has no limit)', () => {
  it('a price per 12 units and a 5-decimal price per kW are read as written', () => {
    const invoice = read(baseQuantityUbl('F-BQ-1'), true);
    expect(invoice.lines[0]).toMatchObject({ quantity: '2', unitPrice: '119.40', priceBaseQuantity: '12', netAmount: '19.90' });
    expect(invoice.lines[1]).toMatchObject({ quantity: '8', unitCode: 'KWT', unitPrice: '1.23125', netAmount: '9.85' });
    expect(invoice.totals.totalExclTax).toBe('229.60');
  });

  it('a 5-decimal price whose product is rounded by the seller (160 × 0.12437 = 19.8992 → 19.90)', () => {
    expect(read(fiveDecimalPriceUbl('F-5D-1'), true).lines[0]).toMatchObject({ quantity: '160', unitPrice: '0.12437', netAmount: '19.90' });
  });
});

describe('return lines and credit notes', () => {
  it('reads a negative quantity and a negative amount with a positive quantity; the totals rules take them as they are', () => {
    const invoice = read(returnLinesUbl('F-RET-1'), true);
    expect(invoice.lines.map((line) => [line.quantity, line.netAmount])).toEqual([
      ['4', '100.00'],
      ['-1', '-25.00'],
      ['1', '-5.00'],
    ]);
    expect(invoice.totals).toMatchObject({ lineTotal: '70.00', totalExclTax: '70.00', totalInclTax: '84.00' });
  });

  it('a UBL CreditNote is an AVOIR with positive amounts, its exempt (E) category with the reason', () => {
    const invoice = read(creditNoteUbl('AV-1'), true);
    expect(invoice).toMatchObject({ type: 'AVOIR', typeCode: '381', totals: { totalExclTax: '100.11', totalInclTax: '100.11' } });
    expect(invoice.vatBreakdown).toEqual([{ rate: '0.00', taxableAmount: '100.11', vatAmount: '0.00', category: 'E', exemptionReason: 'Taxes are not applicable' }]);
    expect(invoice.lines[0]).toMatchObject({ vatCategory: 'E', vatRate: '0.00' });
  });

  it('a CII 381 is an AVOIR and names the invoice it corrects (BG-3)', () => {
    const xml = allowanceAndChargeCii('AV-2').replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>');
    const invoice = read(xml, true);
    expect(invoice).toMatchObject({ type: 'AVOIR', typeCode: '381', precedingInvoices: [{ number: 'F20260003', issueDate: '2026-01-01' }] });
  });
});

describe('prepaid (BT-113) and rounding (BT-114) amounts', () => {
  it('amount due = total with VAT − prepaid + rounding, even above the total with VAT (BR-CO-16)', () => {
    expect(read(roundingCii('F-RD-1', { due: '105.00' })).totals).toMatchObject({ totalInclTax: '104.90', prepaidAmount: '0.00', roundingAmount: '0.10', amountDue: '105.00' });
    expect(read(roundingCii('F-RD-2', { prepaid: '50.00', due: '55.00' })).totals).toMatchObject({ prepaidAmount: '50.00', roundingAmount: '0.10', amountDue: '55.00' });
  });

  it('refuses an amount due that ignores the rounding amount', () => {
    expect(rulesBroken(roundingCii('F-RD-3', { prepaid: '50.00', due: '54.90' }))).toEqual(['BR-CO-16']);
  });
});

describe('VAT categories, exemption reasons and the VAT accounting currency', () => {
  it('reads S, E and K with their exemption reason text and code (BT-120 / BT-121)', () => {
    const invoice = read(fixture('facturx/factur-x-en16931.xml'));
    expect(invoice.vatBreakdown.map((vat) => [vat.category, vat.rate, vat.exemptionReasonCode ?? null, vat.exemptionReason ?? null])).toEqual([
      ['S', '20.00', null, null],
      ['E', '0.00', 'VATEX-EU-79-C', 'DEBOURS'],
      ['S', '10.00', null, null],
      ['K', '0.00', 'VATEX-EU-IC', 'LIVRAISON INTRACOMMUNAUTAIRE'],
    ]);
  });

  it('reads every category code EN 16931 knows, O (not subject to VAT) without a rate', () => {
    for (const category of ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']) {
      const xml = fixtureText('en16931/ubl/ubl-tc434-creditnote1.xml').split('<cbc:ID>E</cbc:ID>').join(`<cbc:ID>${category}</cbc:ID>`);
      const withoutRate = category === 'O' ? xml.replace(/<cbc:Percent>0\.00<\/cbc:Percent>/g, '') : xml;
      const invoice = read(withoutRate);
      expect(invoice.vatBreakdown[0]).toMatchObject({ category, rate: category === 'O' ? '0' : '0.00' });
      expect(invoice.lines[0]!.vatCategory).toBe(category);
    }
  });

  it('reads the VAT accounting currency (BT-6) and the total VAT in it (BT-111), apart from the invoice currency', () => {
    for (const file of ['en16931/ubl/ubl-tc434-example5.xml', 'en16931/cii/CII_example5.xml']) {
      const invoice = read(fixture(file));
      expect(invoice).toMatchObject({ currency: 'DKK', taxCurrency: 'EUR', totalVatInTaxCurrency: '628.62' });
      expect(invoice.totals.totalVat).toMatch(/^675(\.00)?$/);
    }
  });
});

describe('periods, preceding invoices and attachments (BG-14, BG-3, BG-24)', () => {
  it('reads the invoicing period and the preceding invoice', () => {
    for (const file of ['en16931/ubl/ubl-tc434-example5.xml', 'en16931/cii/CII_example5.xml']) {
      expect(read(fixture(file))).toMatchObject({
        invoicePeriod: { start: '2013-03-10', end: '2013-04-10' },
        precedingInvoices: [{ number: 'TOSL109', issueDate: '2013-03-10' }],
      });
    }
  });

  it('decodes embedded attachments into bytes with their file name and media type; keeps external ones as URIs', () => {
    const ubl = read(fixture('en16931/ubl/ubl-tc434-example2.xml'));
    expect(ubl.attachments).toEqual([
      { id: 'Doc1', description: 'Timesheet', uri: 'http://www.suppliersite.eu/sheet001.html' },
      { id: 'Doc2', description: 'EHF specification', fileName: 'test.pdf', mediaType: 'application/pdf', content: Buffer.from('Testing Base64 encoding') },
    ]);
    const cii = read(fixture('en16931/cii/CII_example2.xml'));
    expect(cii.attachments).toHaveLength(1);
    expect(cii.attachments![0]).toMatchObject({ id: 'Doc1', fileName: 'EHF.pdf', mediaType: 'application/pdf', uri: 'http://www.suppliersite.eu/sheet001.html' });
    expect(cii.attachments![0]!.content!.length).toBeGreaterThan(0);
  });

  it('refuses an attachment that is not base64', () => {
    const xml = fixtureText('en16931/ubl/ubl-tc434-example2.xml').replace('>VGVzdGluZyBCYXNlNjQgZW5jb2Rpbmc=<', '>not base64!<');
    const result = parse(xml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ code: 'FIELD_INVALID', message_en: expect.stringContaining('BT-125') });
  });
});

describe('mutated documents are refused with the EN 16931 rule they break', () => {
  it.each<[string, (xml: string) => string, string[]]>([
    ['total with VAT + 0.05 (UBL)', (xml) => shiftAmount(xml, 'cbc:TaxInclusiveAmount', 0.05), ['BR-CO-15', 'BR-CO-16']],
    ['total without VAT + 0.05 (UBL)', (xml) => shiftAmount(xml, 'cbc:TaxExclusiveAmount', 0.05), ['BR-CO-13', 'BR-CO-15']],
    ['sum of lines + 0.05 (UBL)', (xml) => shiftAmount(xml, 'cbc:LineExtensionAmount', 0.05), ['BR-CO-10', 'BR-CO-13']],
    ['allowance amount + 0.05 (UBL)', (xml) => shiftAmount(xml, 'cbc:Amount', 0.05), ['BR-CO-11']],
    ['total VAT + 0.05 (UBL)', (xml) => shiftAmount(xml, 'cbc:TaxAmount', 0.05), ['BR-CO-14', 'BR-CO-15']],
    ['amount due + 0.05 (UBL)', (xml) => shiftAmount(xml, 'cbc:PayableAmount', 0.05), ['BR-CO-16']],
  ])('%s', (_, mutate, rules) => {
    expect(rulesBroken(mutate(fixtureText('en16931/ubl/ubl-tc434-example5.xml')))).toEqual(rules);
  });

  it.each<[string, (xml: string) => string, string[]]>([
    ['grand total + 0.05 (CII)', (xml) => shiftAmount(xml, 'ram:GrandTotalAmount', 0.05), ['BR-CO-15', 'BR-CO-16']],
    ['charge total + 0.05 (CII)', (xml) => shiftAmount(xml, 'ram:ChargeTotalAmount', 0.05), ['BR-CO-12', 'BR-CO-13']],
    ['a VAT category amount + 0.05 (CII)', (xml) => shiftAmount(xml, 'ram:CalculatedAmount', 0.05), ['BR-CO-14']],
    ['a VAT category amount + 1.50, beyond the tolerance of BR-CO-17 (CII)', (xml) => shiftAmount(xml, 'ram:CalculatedAmount', 1.5), ['BR-CO-14', 'BR-CO-17']],
  ])('%s', (_, mutate, rules) => {
    expect(rulesBroken(mutate(allowanceAndChargeCii('F-MUT-1')))).toEqual(rules);
  });

  it('gives each refusal as a finding: rule, business term, location, French and English, values', () => {
    const result = parse(shiftAmount(fixtureText('en16931/ubl/ubl-tc434-example1.xml'), 'cbc:TaxInclusiveAmount', 0.05));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({
      code: 'EN16931_RULE',
      path: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount',
      message_fr: expect.stringMatching(/^\[BR-CO-15\] Le montant total TTC \(BT-112\)/),
      finding: {
        rule: 'BR-CO-15',
        stage: 'en16931',
        severity: 'error',
        businessTerm: 'BT-112',
        location: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount',
        values: { expected: '250.33', actual: '250.38' },
      },
    });
    expect(result.errors[0]!.finding!.message.en).toContain('Invoice total amount with VAT (BT-112)');
  });

  it('gives the finding docs/invoices.md shows (CII, GrandTotalAmount 0.05 too high)', () => {
    const result = parse(shiftAmount(allowanceAndChargeCii('F-DOC-1'), 'ram:GrandTotalAmount', 0.05));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.finding).toEqual({
      rule: 'BR-CO-15',
      stage: 'en16931',
      severity: 'error',
      businessTerm: 'BT-112',
      location: '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
      message: {
        fr: 'Le montant total TTC (BT-112) doit être égal au montant total HT (BT-109) + le montant total de TVA (BT-110) : attendu 104.90, reçu 104.95.',
        en: 'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110): expected 104.90, got 104.95.',
      },
      values: { expected: '104.90', actual: '104.95' },
    });
  });

  it('can be read without the rules, to pre-fill a form', () => {
    const xml = shiftAmount(fixtureText('en16931/cii/CII_example1.xml'), 'ram:GrandTotalAmount', 0.05);
    expect(parseCiiInvoice(xml, { requirePartyIds: false, calculationRules: false }).ok).toBe(true);
  });
});
