import fc from 'fast-check';
import {
  absolute,
  addAmounts,
  amountToNumber,
  applyRate,
  compareDecimals,
  decimalOrThrow,
  divideRoundHalfUp,
  exact,
  formatAmount,
  formatDecimal,
  isDecimalText,
  multiply,
  multiplyByQuantity,
  parseAmount,
  parseDecimal,
  parseQuantity,
  parseRate,
  parseUnitPrice,
  rescale,
  roundAsXPath,
  subtractDecimals,
  subtractAmounts,
  sumAmounts,
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

describe('one decimal arithmetic (decimal.js) against exact integer references (property, seeded)', () => {
  /** The hand-written bigint versions the money functions had before decimal.js: the reference. */
  const reference = {
    divide(n: bigint, d: bigint): bigint {
      const negative = n < 0n !== d < 0n;
      const a = n < 0n ? -n : n;
      const b = d < 0n ? -d : d;
      const q = (2n * a + b) / (2n * b);
      return negative ? -q : q;
    },
  };
  const big = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
  const nonZero = big.filter((d) => d !== 0n);
  const scale = fc.integer({ min: 0, max: 8 });
  const options = { seed: 17, numRuns: 500 };

  it('formats and parses back any value at any scale', () => {
    fc.assert(fc.property(big, scale, (value, s) => decimalOrThrow(formatDecimal(value, s), s) === value), options);
  });

  it('divides half away from zero, as the integer reference', () => {
    fc.assert(fc.property(big, nonZero, (n, d) => divideRoundHalfUp(n, d) === reference.divide(n, d)), options);
  });

  it('multiplies with one rounding at the end, as the integer reference', () => {
    fc.assert(
      fc.property(big, big, scale, scale, (a, b, aScale, bScale) => {
        const productScale = aScale + bScale;
        const expected = productScale <= 2 ? a * b * 10n ** BigInt(2 - productScale) : reference.divide(a * b, 10n ** BigInt(productScale - 2));
        return multiply(a, aScale, b, bScale, 2) === expected;
      }),
      options,
    );
  });

  it('applies a rate as the integer reference', () => {
    fc.assert(fc.property(big, fc.bigInt({ min: 0n, max: 1_000_000n }), (base, rate) => applyRate(base, rate) === reference.divide(base * rate, 10n ** 6n)), options);
  });

  it('rounds as XPath (halves toward +∞) for the EN 16931 rules, and subtracts decimal texts exactly', () => {
    fc.assert(
      fc.property(big, (thousandths) => {
        const text = formatDecimal(thousandths, 3);
        // round(x * 100) div 100 = floor(x * 100 + 0.5): in thousandths, floor((t + 5) / 10).
        const t = thousandths + 5n;
        const floor = t >= 0n ? t / 10n : -((-t + 9n) / 10n);
        return roundAsXPath(exact(text)).equals(exact(formatDecimal(floor, 2)));
      }),
      options,
    );
    expect(subtractDecimals('104.90', '0.1')).toBe('104.80');
    expect(subtractDecimals('-0.005', '0.005')).toBe('-0.010');
    expect(isDecimalText('1.23125')).toBe(true);
    expect(isDecimalText('.5')).toBe(true);
    expect(isDecimalText('1e3')).toBe(false);
    expect(isDecimalText('1'.repeat(61))).toBe(false);
  });
});
