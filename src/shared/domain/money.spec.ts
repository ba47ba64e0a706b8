import {
  absolute,
  addAmounts,
  amountToNumber,
  applyRate,
  checkTotals,
  compareDecimals,
  decimalOrThrow,
  divideRoundHalfUp,
  formatAmount,
  formatDecimal,
  multiply,
  multiplyByQuantity,
  parseAmount,
  parseDecimal,
  parseQuantity,
  parseRate,
  parseUnitPrice,
  rescale,
  subtractAmounts,
  sumAmounts,
  TotalsInput,
  TotalsIssue,
} from './money';

const cents = (input: string | number): bigint => decimalOrThrow(input, 2);
const codeOf = (input: string | number, scale = 2): string => {
  const result = parseDecimal(input, scale);
  return result.ok ? 'OK' : result.code;
};

describe('parseDecimal', () => {
  it.each<[string | number, bigint]>([
    ['0', 0n],
    ['12', 1200n],
    ['12.3', 1230n],
    ['12.34', 1234n],
    ['-12.34', -1234n],
    ['+5', 500n],
    ['  7.50 ', 750n],
    ['007.50', 750n],
    ['-0', 0n],
    ['-0.00', 0n],
    ['1.2300', 123n], // trailing zeros beyond the scale do not change the value
    ['1,5', 150n], // French decimal comma
    ['1234,56', 123456n],
    [12.34, 1234n],
    [0.1, 10n],
    [-3, -300n],
    [1e15, 10n ** 17n],
    [0, 0n],
    [-0, 0n],
  ])('parses %p at scale 2', (input, expected) => {
    expect(parseDecimal(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[string | number, string]>([
    ['', 'INVALID_FORMAT'],
    ['   ', 'INVALID_FORMAT'],
    ['1e3', 'INVALID_FORMAT'],
    ['1E3', 'INVALID_FORMAT'],
    ['.5', 'INVALID_FORMAT'],
    ['5.', 'INVALID_FORMAT'],
    ['1 234,56', 'INVALID_FORMAT'],
    ['1\u00a0234,56', 'INVALID_FORMAT'],
    ['1,234.56', 'INVALID_FORMAT'],
    ['1.234,56', 'INVALID_FORMAT'],
    ['1.2.3', 'INVALID_FORMAT'],
    ['--1', 'INVALID_FORMAT'],
    ['12 €', 'INVALID_FORMAT'],
    ['0x10', 'INVALID_FORMAT'],
    ['NaN', 'INVALID_FORMAT'],
    ['Infinity', 'INVALID_FORMAT'],
    ['abc', 'INVALID_FORMAT'],
    [Number.NaN, 'INVALID_FORMAT'],
    [Number.POSITIVE_INFINITY, 'INVALID_FORMAT'],
    ['1.234', 'TOO_MANY_DECIMALS'],
    ['1,234', 'TOO_MANY_DECIMALS'], // never read as one thousand two hundred and thirty-four
    [0.1 + 0.2, 'TOO_MANY_DECIMALS'], // 0.30000000000000004: refused, not silently rounded
    [1.005, 'TOO_MANY_DECIMALS'],
    [1e-7, 'TOO_MANY_DECIMALS'],
    [2 ** 53 + 2, 'OUT_OF_RANGE'],
    ['1'.repeat(41), 'OUT_OF_RANGE'],
  ])('refuses %p with %s', (input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('refuses values that are neither strings nor numbers', () => {
    expect(parseDecimal(null as unknown as string)).toMatchObject({ ok: false, code: 'INVALID_FORMAT' });
  });

  it('names the problem in the message', () => {
    const result = parseDecimal('1.234');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('more than 2 decimals');
  });

  it('honours the scale parameter', () => {
    expect(parseDecimal('1.234567', 6)).toEqual({ ok: true, value: 1234567n });
    expect(codeOf('1.2345678', 6)).toBe('TOO_MANY_DECIMALS');
    expect(parseDecimal('42', 0)).toEqual({ ok: true, value: 42n });
    expect(codeOf('4.2', 0)).toBe('TOO_MANY_DECIMALS');
    expect(parseDecimal(1.5e-6, 7)).toEqual({ ok: true, value: 15n });
    expect(() => parseDecimal('1', -1)).toThrow(RangeError);
    expect(() => parseDecimal('1', 1.5)).toThrow(RangeError);
    expect(() => parseDecimal('1', 19)).toThrow(RangeError);
  });

  it('refuses negatives only when asked', () => {
    expect(parseDecimal('-1', 2, { allowNegative: false })).toMatchObject({ ok: false, code: 'NEGATIVE' });
    expect(parseDecimal('-0', 2, { allowNegative: false })).toEqual({ ok: true, value: 0n });
    expect(parseDecimal('-1', 2)).toEqual({ ok: true, value: -100n });
  });

  it('has named shortcuts for amounts, unit prices, quantities and rates', () => {
    expect(parseAmount('1.5')).toEqual({ ok: true, value: 150n });
    expect(parseUnitPrice('0.123456')).toEqual({ ok: true, value: 123456n });
    expect(parseQuantity('2.5')).toEqual({ ok: true, value: 2_500_000n });
    expect(parseRate('5.5')).toEqual({ ok: true, value: 55_000n });
    expect(parseRate('1.05')).toEqual({ ok: true, value: 10_500n });
    expect(parseRate('-20')).toMatchObject({ ok: false, code: 'NEGATIVE' });
  });

  it('decimalOrThrow throws on bad input', () => {
    expect(decimalOrThrow('3.14', 2)).toBe(314n);
    expect(() => decimalOrThrow('3.141', 2)).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it.each<[bigint, string]>([
    [0n, '0.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [100n, '1.00'],
    [123450n, '1234.50'],
    [-123456789n, '-1234567.89'],
    [10n ** 22n, '100000000000000000000.00'],
  ])('formatAmount(%p) = %p', (value, text) => {
    expect(formatAmount(value)).toBe(text);
  });

  it('formats any scale', () => {
    expect(formatDecimal(1_500_000n, 6)).toBe('1.500000');
    expect(formatDecimal(42n, 0)).toBe('42');
    expect(formatDecimal(-1n, 4)).toBe('-0.0001');
  });

  it('round-trips parse and format', () => {
    for (const text of ['0.00', '0.01', '-0.01', '999999999.99', '12.30']) {
      expect(formatAmount(cents(text))).toBe(text);
    }
  });

  it('converts to an exact JSON number', () => {
    expect(amountToNumber(123456n)).toBe(1234.56);
    expect(amountToNumber(30n)).toBe(0.3);
    expect(amountToNumber(-5n)).toBe(-0.05);
    expect(JSON.stringify({ amount: amountToNumber(10n + 20n) })).toBe('{"amount":0.3}');
  });
});

describe('arithmetic', () => {
  it('adds 0.1 and 0.2 to exactly 0.30', () => {
    const sum = addAmounts(cents('0.1'), cents('0.2'));
    expect(sum).toBe(30n);
    expect(formatAmount(sum)).toBe('0.30');
    expect(compareDecimals(sum, cents('0.3'))).toBe(0);
  });

  it('subtracts and sums', () => {
    expect(subtractAmounts(cents('10'), cents('10.01'))).toBe(-1n);
    expect(sumAmounts([cents('0.1'), cents('0.2'), cents('0.3')])).toBe(60n);
    expect(sumAmounts([])).toBe(0n);
    expect(formatAmount(sumAmounts(Array.from({ length: 10 }, () => cents('0.1'))))).toBe('1.00');
  });

  it('compares', () => {
    expect(compareDecimals(1n, 2n)).toBe(-1);
    expect(compareDecimals(2n, 1n)).toBe(1);
    expect(compareDecimals(-2n, -2n)).toBe(0);
    expect(absolute(-7n)).toBe(7n);
    expect(absolute(7n)).toBe(7n);
  });

  it.each<[bigint, bigint, bigint]>([
    [5n, 10n, 1n], // 0.5 -> 1
    [15n, 10n, 2n], // 1.5 -> 2
    [25n, 10n, 3n], // 2.5 -> 3 (half-up, not banker's)
    [14n, 10n, 1n],
    [149n, 100n, 1n],
    [-5n, 10n, -1n], // half away from zero
    [-15n, 10n, -2n],
    [-14n, 10n, -1n],
    [5n, -10n, -1n],
    [0n, 7n, 0n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
  ])('divideRoundHalfUp(%p, %p) = %p', (n, d, expected) => {
    expect(divideRoundHalfUp(n, d)).toBe(expected);
  });

  it('refuses division by zero', () => {
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('rescales with half-up rounding', () => {
    expect(rescale(1_005_000n, 6, 2)).toBe(101n); // 1.005 -> 1.01
    expect(rescale(1_004_999n, 6, 2)).toBe(100n);
    expect(rescale(-1_005_000n, 6, 2)).toBe(-101n);
    expect(rescale(150n, 2, 6)).toBe(1_500_000n);
    expect(rescale(150n, 2, 2)).toBe(150n);
  });

  it('multiplies by a quantity, rounding once at the end', () => {
    const price = decimalOrThrow('0.333333', 6);
    expect(multiplyByQuantity(price, decimalOrThrow('3', 6))).toBe(100n); // 0.999999 -> 1.00
    expect(multiplyByQuantity(decimalOrThrow('19.99', 6), decimalOrThrow('3', 6))).toBe(5997n);
    expect(multiplyByQuantity(decimalOrThrow('1.005', 6), decimalOrThrow('1', 6))).toBe(101n);
    expect(multiplyByQuantity(decimalOrThrow('12.5', 6), decimalOrThrow('-2', 6))).toBe(-2500n); // discount line
    expect(multiplyByQuantity(decimalOrThrow('0.125', 6), decimalOrThrow('1', 6))).toBe(13n);
    expect(multiplyByQuantity(decimalOrThrow('-0.125', 6), decimalOrThrow('1', 6))).toBe(-13n);
    expect(multiplyByQuantity(1999n, 3n, 2, 0)).toBe(5997n);
  });

  it('multiplies with an explicit result scale', () => {
    expect(multiply(15n, 1, 15n, 1, 2)).toBe(225n); // 1.5 × 1.5 = 2.25
    expect(multiply(15n, 1, 15n, 1, 1)).toBe(23n); // 2.25 -> 2.3
    expect(multiply(3n, 0, 2n, 0, 2)).toBe(600n);
  });

  it('applies a VAT rate with half-up rounding to the cent', () => {
    expect(applyRate(cents('100'), decimalOrThrow('20', 4))).toBe(2000n);
    expect(applyRate(cents('10'), decimalOrThrow('5.5', 4))).toBe(55n);
    expect(applyRate(cents('0.10'), decimalOrThrow('5.5', 4))).toBe(1n); // 0.0055 -> 0.01
    expect(applyRate(cents('0.09'), decimalOrThrow('5.5', 4))).toBe(0n); // 0.00495 -> 0.00
    expect(applyRate(cents('33.33'), decimalOrThrow('8.5', 4))).toBe(283n); // 2.83305 -> 2.83
    expect(applyRate(cents('12.50'), decimalOrThrow('1.05', 4))).toBe(13n); // 0.13125 -> 0.13
    expect(applyRate(cents('0.50'), decimalOrThrow('1', 4))).toBe(1n); // 0.005 -> 0.01
    expect(applyRate(cents('-0.50'), decimalOrThrow('1', 4))).toBe(-1n);
    expect(applyRate(cents('999.99'), 0n)).toBe(0n);
  });
});

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
