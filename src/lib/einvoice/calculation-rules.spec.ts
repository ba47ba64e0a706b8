import { checkCalculationRules } from './calculation-rules';
import type { NormalisedInvoice } from './normalised-invoice';

const base: NormalisedInvoice = {
  number: 'F-1',
  issueDate: '2026-03-15',
  type: 'FACTURE',
  typeCode: '380',
  currency: 'EUR',
  supplier: {},
  recipient: {},
  totals: { lineTotal: '100.00', totalExclTax: '100.00', totalVat: '20.00', totalInclTax: '120.00', amountDue: '120.00' },
  vatBreakdown: [{ rate: '20', taxableAmount: '100.00', vatAmount: '20.00', category: 'S' }],
  lines: [
    { number: '1', description: 'a', quantity: '3', unitPrice: '1200', priceBaseQuantity: '12', netAmount: '300.00' },
    { number: '2', description: 'b', quantity: '1', unitPrice: '200', netAmount: '-200.00' },
  ],
  syntax: 'UBL',
};

const rules = (invoice: NormalisedInvoice): string[] => checkCalculationRules(invoice).map((finding) => finding.rule);
const withTotals = (totals: Partial<NormalisedInvoice['totals']>): NormalisedInvoice => ({ ...base, totals: { ...base.totals, ...totals } });

describe('checkCalculationRules (BR-CO-10..17 as the EN 16931 artefacts compute them)', () => {
  it('accepts consistent totals, whatever the lines say about quantity × price (not an EN 16931 rule)', () => {
    expect(checkCalculationRules(base)).toEqual([]);
  });

  it('BR-CO-10: the sum of line net amounts', () => {
    expect(rules(withTotals({ lineTotal: '100.05', totalExclTax: '100.05', totalInclTax: '120.05', amountDue: '120.05' }))).toEqual(['BR-CO-10']);
  });

  it('BR-CO-11 / BR-CO-12: stated sums of allowances and charges, absent when there are none', () => {
    const charged: NormalisedInvoice = {
      ...withTotals({ allowanceTotal: '10.00', chargeTotal: '5.00', totalExclTax: '95.00', totalInclTax: '115.00', amountDue: '115.00' }),
      allowanceCharges: [
        { kind: 'allowance', amount: '10.00' },
        { kind: 'charge', amount: '5.00' },
      ],
    };
    expect(rules(charged)).toEqual([]);
    expect(rules({ ...charged, totals: { ...charged.totals, allowanceTotal: undefined, totalExclTax: '105.00', totalInclTax: '125.00', amountDue: '125.00' } })).toEqual(['BR-CO-11']);
    expect(rules({ ...charged, allowanceCharges: [{ kind: 'allowance', amount: '10.00' }] })).toEqual(['BR-CO-12']);
    expect(rules(withTotals({ chargeTotal: '0.00' }))).toEqual([]);
  });

  it('BR-CO-13: total without VAT = lines − allowances + charges', () => {
    const findings = checkCalculationRules(withTotals({ totalExclTax: '100.05', totalInclTax: '120.05', amountDue: '120.05' }));
    expect(findings.map((f) => f.rule)).toEqual(['BR-CO-13']);
    expect(findings[0]).toMatchObject({ stage: 'en16931', severity: 'error', businessTerm: 'BT-109', values: { expected: '100.00', actual: '100.05' } });
  });

  it('BR-CO-14 / BR-CO-15: total VAT and total with VAT; an omitted BT-110 (derived) is not checked twice', () => {
    expect(rules(withTotals({ totalVat: '20.01', totalInclTax: '120.01', amountDue: '120.01' }))).toEqual(['BR-CO-14']);
    expect(rules(withTotals({ totalInclTax: '120.01', amountDue: '120.01' }))).toEqual(['BR-CO-15']);
    expect(rules(withTotals({ totalVat: '20.01', totalVatDerived: true, totalInclTax: '120.01', amountDue: '120.01' }))).toEqual([]);
  });

  it('BR-CO-15 in CII also accepts a total with VAT equal to the total without VAT, as its artefact does', () => {
    const same = withTotals({ totalInclTax: '100.00', amountDue: '100.00' });
    expect(rules(same)).toEqual(['BR-CO-15']);
    expect(rules({ ...same, syntax: 'CII' })).toEqual([]);
  });

  it('BR-CO-16: amount due = total with VAT − prepaid + rounding', () => {
    expect(rules(withTotals({ prepaidAmount: '20.00', amountDue: '100.00' }))).toEqual([]);
    expect(rules(withTotals({ prepaidAmount: '20.00', roundingAmount: '0.40', amountDue: '100.40' }))).toEqual([]);
    expect(rules(withTotals({ roundingAmount: '-0.20', amountDue: '119.80' }))).toEqual([]);
    const [finding] = checkCalculationRules(withTotals({ prepaidAmount: '20.00', roundingAmount: '0.40', amountDue: '100.00' }));
    expect(finding).toMatchObject({ rule: 'BR-CO-16', businessTerm: 'BT-115', values: { expected: '100.40', actual: '100.00' } });
  });

  it('BR-CO-17: within one currency unit of base × rate, strictly in UBL, inclusively in CII', () => {
    const vat = (vatAmount: string, syntax: 'UBL' | 'CII' = 'UBL'): string[] =>
      rules({
        ...withTotals({ totalVat: vatAmount, totalInclTax: (100 + Number(vatAmount)).toFixed(2), amountDue: (100 + Number(vatAmount)).toFixed(2) }),
        vatBreakdown: [{ rate: '20', taxableAmount: '100.00', vatAmount, category: 'S' }],
        syntax,
      });
    expect(vat('20.99')).toEqual([]);
    expect(vat('19.01')).toEqual([]);
    expect(vat('21.00')).toEqual(['BR-CO-17']);
    expect(vat('21.00', 'CII')).toEqual([]);
    expect(vat('21.01', 'CII')).toEqual(['BR-CO-17']);
  });

  it('BR-CO-17: a rate that rounds to 0 wants a tax amount that rounds to 0', () => {
    const zero = (rate: string, vatAmount: string): string[] =>
      rules({
        ...withTotals({ totalVat: vatAmount, totalInclTax: (100 + Number(vatAmount)).toFixed(2), amountDue: (100 + Number(vatAmount)).toFixed(2) }),
        vatBreakdown: [{ rate, taxableAmount: '100.00', vatAmount, category: 'E' }],
      });
    expect(zero('0', '0.00')).toEqual([]);
    expect(zero('0', '0.49')).toEqual([]);
    expect(zero('0', '0.50')).toEqual(['BR-CO-17']);
  });

  it('rounds as XPath does: halves toward positive infinity, also for negative totals', () => {
    // Σ lines = -0.005 -> round(-0.5) = -0 (not -0.01): an invoice of lines -0.0025 and -0.0025.
    const invoice: NormalisedInvoice = {
      ...withTotals({ lineTotal: '0.00', totalExclTax: '0.00', totalVat: '0.00', totalInclTax: '0.00', amountDue: '0.00' }),
      vatBreakdown: [],
      lines: [
        { number: '1', description: 'a', quantity: '1', unitPrice: '0', netAmount: '-0.0025' },
        { number: '2', description: 'b', quantity: '1', unitPrice: '0', netAmount: '-0.0025' },
      ],
    };
    expect(rules(invoice)).toEqual([]);
    expect(rules({ ...invoice, totals: { ...invoice.totals, lineTotal: '-0.01' } })).toContain('BR-CO-10');
  });

  it('skips BR-CO-10 and BR-CO-13 for documents without lines nor BT-106 (Factur-X MINIMUM / BASIC WL)', () => {
    expect(rules({ ...withTotals({ lineTotal: undefined }), lines: [] })).toEqual([]);
  });

  it('names where the element is, when the reader told', () => {
    const [finding] = checkCalculationRules({ ...withTotals({ totalInclTax: '120.05', amountDue: '120.05' }), locations: { 'BT-112': '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount' } });
    expect(finding!.location).toBe('/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount');
    expect(finding!.message.fr).toContain(': attendu 120.00, reçu 120.05.');
    expect(finding!.message.en).toContain(': expected 120.00, got 120.05.');
  });
});
