import { checkTotals, RULE_OF_ISSUE, TotalsInput, TotalsIssue } from './totals-rules';
import { decimalOrThrow, formatAmount } from '../../../shared/domain/money';

const cents = (input: string | number): bigint => decimalOrThrow(input, 2);

describe('checkTotals', () => {
  const valid: TotalsInput = {
    totalExclTax: '1000.00',
    totalVat: '141.00',
    totalInclTax: '1141.00',
    amountDue: '1141.00',
    vatBreakdown: [
      { rate: '20', taxableAmount: '500.00', vatAmount: '100.00' },
      { rate: '10', taxableAmount: '300', vatAmount: '30' },
      { rate: '5.5', taxableAmount: '200', vatAmount: '11' },
      { rate: 0, taxableAmount: 0, vatAmount: 0 },
    ],
  };
  const fields = (issues: TotalsIssue[]): string[] => issues.map((issue) => `${issue.field}:${issue.code}`);

  it('accepts consistent totals, with or without breakdown', () => {
    expect(checkTotals(valid)).toEqual([]);
    expect(checkTotals({ ...valid, vatBreakdown: undefined })).toEqual([]);
    expect(checkTotals({ ...valid, vatBreakdown: [] })).toEqual([]);
    expect(checkTotals({ totalExclTax: 0.1, totalVat: 0.2, totalInclTax: 0.3, amountDue: 0.3 })).toEqual([]);
    expect(checkTotals({ totalExclTax: '0', totalVat: '0', totalInclTax: '0', amountDue: '0' })).toEqual([]);
  });

  it('refuses TTC different from HT + TVA, even by one cent', () => {
    const issues = checkTotals({ ...valid, totalInclTax: '1141.01', amountDue: '1141.00' });
    expect(fields(issues)).toEqual(['totalInclTax:TOTAL_INCL_TAX_MISMATCH']);
    expect(issues[0]).toMatchObject({ expected: '1141.00', actual: '1141.01' });
    expect(issues[0].message).toContain('totalInclTax');
  });

  it('accepts an amount due lower than TTC (prepayment) and refuses a higher one', () => {
    expect(checkTotals({ ...valid, amountDue: '141.00' })).toEqual([]);
    expect(checkTotals({ ...valid, amountDue: '0' })).toEqual([]);
    const issues = checkTotals({ ...valid, amountDue: '1141.01' });
    expect(fields(issues)).toEqual(['amountDue:AMOUNT_DUE_EXCEEDS_TOTAL']);
    expect(issues[0].actual).toBe('1141.01');
  });

  it('applies the same rules to a credit note, whose amounts are positive', () => {
    expect(checkTotals({ ...valid, invoiceType: 'AVOIR' })).toEqual([]);
    expect(fields(checkTotals({ ...valid, invoiceType: 'AVOIR', amountDue: '2000' }))).toEqual([
      'amountDue:AMOUNT_DUE_EXCEEDS_TOTAL',
    ]);
    const negative = checkTotals({
      invoiceType: 'AVOIR',
      totalExclTax: '-100',
      totalVat: '-20',
      totalInclTax: '-120',
      amountDue: '-120',
    });
    expect(fields(negative)).toEqual([
      'totalExclTax:NEGATIVE_AMOUNT',
      'totalVat:NEGATIVE_AMOUNT',
      'totalInclTax:NEGATIVE_AMOUNT',
      'amountDue:NEGATIVE_AMOUNT',
    ]);
    expect(negative[0].message).toContain('credit note');
  });

  it('refuses negative totals on an invoice', () => {
    const issues = checkTotals({ totalExclTax: '-1', totalVat: '0', totalInclTax: '-1', amountDue: '0' });
    expect(fields(issues)).toEqual(['totalExclTax:NEGATIVE_AMOUNT', 'totalInclTax:NEGATIVE_AMOUNT']);
  });

  it('names each unreadable amount and skips the checks that depend on it', () => {
    const issues = checkTotals({ totalExclTax: '1e3', totalVat: '1.234', totalInclTax: 'abc', amountDue: '1,5' });
    expect(fields(issues)).toEqual([
      'totalExclTax:INVALID_AMOUNT',
      'totalVat:INVALID_AMOUNT',
      'totalInclTax:INVALID_AMOUNT',
    ]);
  });

  it('refuses a breakdown whose bases do not add up to HT', () => {
    const issues = checkTotals({
      ...valid,
      vatBreakdown: [
        { rate: '20', taxableAmount: '500.00', vatAmount: '100.00' },
        { rate: '10', taxableAmount: '300', vatAmount: '30' },
        { rate: '5.5', taxableAmount: '199.99', vatAmount: '11' },
      ],
    });
    expect(fields(issues)).toEqual(['totalExclTax:BREAKDOWN_BASE_MISMATCH']);
    expect(issues[0]).toMatchObject({ expected: '999.99', actual: '1000.00' });
  });

  it('refuses a breakdown whose VAT does not add up to TVA, even within line tolerance', () => {
    const issues = checkTotals({
      ...valid,
      vatBreakdown: [
        { rate: '20', taxableAmount: '500.00', vatAmount: '100.01' }, // within ±0.01 for the line
        { rate: '10', taxableAmount: '300', vatAmount: '30' },
        { rate: '5.5', taxableAmount: '200', vatAmount: '11' },
      ],
    });
    expect(fields(issues)).toEqual(['totalVat:BREAKDOWN_VAT_MISMATCH']);
  });

  it('tolerates one cent per line and refuses two', () => {
    const base = { totalExclTax: '33.33', totalInclTax: '36.16', amountDue: '36.16' };
    // 33.33 × 8.5 % = 2.83305 -> 2.83
    expect(checkTotals({ ...base, totalVat: '2.83', vatBreakdown: [{ rate: '8.5', taxableAmount: '33.33', vatAmount: '2.83' }] })).toEqual([]);
    expect(
      checkTotals({ ...base, totalVat: '2.84', totalInclTax: '36.17', amountDue: '36.17', vatBreakdown: [{ rate: '8.5', taxableAmount: '33.33', vatAmount: '2.84' }] }),
    ).toEqual([]);
    expect(
      checkTotals({ ...base, totalVat: '2.82', totalInclTax: '36.15', amountDue: '36.15', vatBreakdown: [{ rate: '8.5', taxableAmount: '33.33', vatAmount: '2.82' }] }),
    ).toEqual([]);
    const issues = checkTotals({
      ...base,
      totalVat: '2.85',
      totalInclTax: '36.18',
      amountDue: '36.18',
      vatBreakdown: [{ rate: '8.5', taxableAmount: '33.33', vatAmount: '2.85' }],
    });
    expect(fields(issues)).toEqual(['vatBreakdown[0].vatAmount:LINE_VAT_MISMATCH']);
    expect(issues[0]).toMatchObject({ expected: '2.83', actual: '2.85' });
  });

  it('rounds the expected line VAT half-up', () => {
    // 0.50 × 1 % = 0.005 -> 0.01; declaring 0.00 is within tolerance, declaring 0.03 is not.
    const line = (vatAmount: string): TotalsInput => ({
      totalExclTax: '0.50',
      totalVat: vatAmount,
      totalInclTax: formatAmount(50n + cents(vatAmount)),
      amountDue: '0',
      vatBreakdown: [{ rate: '1', taxableAmount: '0.50', vatAmount }],
    });
    expect(checkTotals(line('0.01'))).toEqual([]);
    expect(checkTotals(line('0.00'))).toEqual([]);
    expect(fields(checkTotals(line('0.03')))).toEqual(['vatBreakdown[0].vatAmount:LINE_VAT_MISMATCH']);
  });

  it('names bad breakdown fields by index', () => {
    const issues = checkTotals({
      ...valid,
      vatBreakdown: [
        { rate: '20', taxableAmount: '500.00', vatAmount: '100.00' },
        { rate: '120', taxableAmount: '300', vatAmount: '30' },
        { rate: 'x', taxableAmount: '200.001', vatAmount: '11' },
      ],
    });
    expect(fields(issues)).toEqual([
      'vatBreakdown[1].rate:INVALID_RATE',
      'vatBreakdown[2].rate:INVALID_RATE',
      'vatBreakdown[2].taxableAmount:INVALID_AMOUNT',
    ]);
  });

  it('reports several independent problems at once', () => {
    const issues = checkTotals({
      totalExclTax: '100',
      totalVat: '20',
      totalInclTax: '121',
      amountDue: '130',
      vatBreakdown: [{ rate: '20', taxableAmount: '90', vatAmount: '25' }],
    });
    expect(fields(issues)).toEqual([
      'totalInclTax:TOTAL_INCL_TAX_MISMATCH',
      'vatBreakdown[0].vatAmount:LINE_VAT_MISMATCH',
      'totalExclTax:BREAKDOWN_BASE_MISMATCH',
      'totalVat:BREAKDOWN_VAT_MISMATCH',
      'amountDue:AMOUNT_DUE_EXCEEDS_TOTAL',
    ]);
  });

  it('accepts numbers as sent by JSON clients', () => {
    const noisy = checkTotals({ totalExclTax: 0.1, totalVat: 0.2, totalInclTax: 0.1 + 0.2, amountDue: 0 });
    // 0.30000000000000004: float noise is the sender's to round, and the field is named.
    expect(fields(noisy)).toEqual(['totalInclTax:INVALID_AMOUNT']);
    expect(checkTotals({ totalExclTax: 1213.56, totalVat: 242.71, totalInclTax: 1456.27, amountDue: 1406.27 })).toEqual([]);
  });

  describe('with invoice lines', () => {
    const lines = [
      { quantity: '3', unitPrice: '100', amountExclTax: '300.00' },
      { quantity: '1.5', unitPrice: '133.333333', amountExclTax: '200.00' },
      { quantity: '0.333', unitPrice: '1501.5', amountExclTax: '500.00' },
    ];

    it('accepts lines whose net amounts are quantity × unit price and add up to HT', () => {
      // 1.5 × 133.333333 = 199.9999995 → 200.00 (half-up); 0.333 × 1501.5 = 499.9995 → 500.00.
      expect(checkTotals({ ...valid, lines })).toEqual([]);
    });

    it('tolerates one cent per line and refuses two, naming the line', () => {
      expect(checkTotals({ ...valid, totalExclTax: '1000.01', totalInclTax: '1141.01', vatBreakdown: undefined, lines: [lines[0], lines[1], { ...lines[2], amountExclTax: '500.01' }] })).toEqual([]);
      const issues = checkTotals({ ...valid, totalExclTax: '1000.02', totalInclTax: '1141.02', vatBreakdown: undefined, lines: [lines[0], lines[1], { ...lines[2], amountExclTax: '500.02' }] });
      expect(fields(issues)).toEqual(['lines[2].amountExclTax:LINE_AMOUNT_MISMATCH']);
      expect(issues[0]).toMatchObject({ expected: '500.00', actual: '500.02' });
    });

    it('refuses lines that do not add up to HT, exactly', () => {
      const issues = checkTotals({ ...valid, lines: lines.slice(0, 2) });
      expect(fields(issues)).toEqual(['totalExclTax:LINES_TOTAL_MISMATCH']);
      expect(issues[0]).toMatchObject({ expected: '500.00', actual: '1000.00' });
    });

    it('names unreadable line values and skips the sum', () => {
      const issues = checkTotals({ ...valid, lines: [{ quantity: '1e3', unitPrice: '1', amountExclTax: '1000.001' }] });
      expect(fields(issues)).toEqual(['lines[0].quantity:INVALID_AMOUNT', 'lines[0].amountExclTax:INVALID_AMOUNT']);
    });

    it('accepts a negative discount line', () => {
      const withDiscount = [lines[0], lines[1], { quantity: '1', unitPrice: '550', amountExclTax: '550.00' }, { quantity: '-1', unitPrice: '50', amountExclTax: '-50.00' }];
      expect(checkTotals({ ...valid, lines: withDiscount })).toEqual([]);
    });
  });
});

describe('checkTotals: rules and entries', () => {
  const lines = [
    { quantity: '1', unitPrice: '1000', amountExclTax: '1000.00' },
  ];
  const base: TotalsInput = {
    totalExclTax: '900.00',
    totalVat: '180.00',
    totalInclTax: '1080.00',
    amountDue: '1080.00',
    vatBreakdown: [{ rate: '20', taxableAmount: '900.00', vatAmount: '180.00' }],
    lines,
  };

  it('names the rule of every issue and says it in French and English', () => {
    const [issue] = checkTotals({ ...base, totalInclTax: '1080.05', amountDue: '1080.05' });
    expect(issue).toMatchObject({ rule: 'BR-CO-15', code: 'TOTAL_INCL_TAX_MISMATCH', expected: '1080.00', actual: '1080.05' });
    expect(issue!.messageFr).toContain('devrait valoir');
    expect(issue!.message).toContain('should be');
    expect(Object.values(RULE_OF_ISSUE).every((rule) => /^(BR-CO-\d+|LIASSE-[A-Z-]+)$/.test(rule))).toBe(true);
  });

  it('manual entry: lines must add up to the total without VAT (no document allowance in the portal model)', () => {
    expect(checkTotals(base).map((i) => i.rule)).toEqual(['BR-CO-13']);
  });

  it('deposited document: the manual-entry line rules do not apply (a 100.00 document allowance, a base quantity)', () => {
    expect(checkTotals({ ...base, entry: 'DOCUMENT' })).toEqual([]);
    const perTwelveMonths = [{ quantity: '3', unitPrice: '1200', amountExclTax: '300.00' }];
    expect(checkTotals({ ...base, totalExclTax: '300.00', totalVat: '60.00', totalInclTax: '360.00', amountDue: '360.00', vatBreakdown: [{ rate: '20', taxableAmount: '300', vatAmount: '60' }], lines: perTwelveMonths, entry: 'DOCUMENT' })).toEqual([]);
  });

  it('deposited document: amount due above the total (a rounding amount) is BR-CO-16\'s business, not the platform\'s', () => {
    expect(checkTotals({ ...base, lines: undefined, amountDue: '1080.01', entry: 'DOCUMENT' })).toEqual([]);
    expect(checkTotals({ ...base, lines: undefined, amountDue: '1080.01' }).map((i) => i.rule)).toEqual(['LIASSE-AMOUNT-DUE']);
  });

  it('deposited document: BR-CO-14 and BR-CO-15 still hold on what is stored', () => {
    const issues = checkTotals({ ...base, totalVat: '180.05', totalInclTax: '1080.05', amountDue: '1080.05', entry: 'DOCUMENT' });
    expect(issues.map((i) => i.rule)).toEqual(['BR-CO-14']);
  });
});

describe('checkTotals: price base quantity (BT-149) in manual entry', () => {
  const totals = { totalExclTax: '300.00', totalVat: '60.00', totalInclTax: '360.00', amountDue: '360.00' };

  it('a price per 12 months: 3 months at 1200.00 per 12 is 300.00', () => {
    expect(checkTotals({ ...totals, lines: [{ quantity: '3', unitPrice: '1200', priceBaseQuantity: '12', amountExclTax: '300.00' }] })).toEqual([]);
  });

  it('names the base quantity in the computation when the amount is wrong', () => {
    const [issue] = checkTotals({ ...totals, totalExclTax: '3600.00', totalInclTax: '3660.00', amountDue: '3660.00', lines: [{ quantity: '3', unitPrice: '1200', priceBaseQuantity: '12', amountExclTax: '3600.00' }] });
    expect(issue).toMatchObject({ rule: 'LIASSE-LINE-AMOUNT', expected: '300.00', actual: '3600.00' });
    expect(issue!.message).toContain('3 × 1200 / 12');
  });
});
