import { Decimal } from 'decimal.js';

/**
 * Decimal money arithmetic — never on binary floats. One decimal library (decimal.js) does every
 * computation; amounts travel as bigint counts of units (below) or as decimal strings (`Exact`).
 *
 * A value is an integer count of 10^-scale units: 12.34 at scale 2 is 1234n (cents), 1.5 at scale 6
 * is 1500000n. Amounts (totals, VAT) use scale 2, unit prices and quantities up to scale 6, VAT rates
 * (percent) scale 4. Functions never mix scales silently: every scale is explicit.
 *
 * Input grammar (strings, after trimming): optional sign, digits, optionally one decimal separator and
 * digits. The decimal separator may be '.' or the French ',' ("1,5" is 1.50): French users and French
 * PDFs write it, and with a single separator and no grouping it is unambiguous. Grouping separators
 * ("1 234,56", "1,234.56"), exponents ("1e3"), "NaN", "Infinity", ".5" and "5." are refused.
 * Trailing zeros beyond the scale are accepted ("1.2300" at scale 2) since they do not change the value.
 * Numbers are read through their shortest round-trip decimal form (String(n)), so 12.34 is exactly
 * 12.34; a float with more decimals than allowed (0.1 + 0.2 = 0.30000000000000004) is refused, never
 * silently rounded: rounding money is the sender's decision.
 */

export const AMOUNT_SCALE = 2;
export const UNIT_PRICE_SCALE = 6;
export const QUANTITY_SCALE = 6;
/** VAT rates are percentages with at most 4 decimals (1.05 %, 8.5 %). */
export const RATE_SCALE = 4;

export type DecimalInput = string | number;

export const PARSE_ERROR_CODES = ['INVALID_FORMAT', 'TOO_MANY_DECIMALS', 'OUT_OF_RANGE', 'NEGATIVE'] as const;
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

export type ParseResult =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly code: ParseErrorCode; readonly message: string };

export interface ParseOptions {
  /** Default true: lines and discounts may be negative; totals are checked separately. */
  readonly allowNegative?: boolean;
}

const MAX_SCALE = 18;
/** Guards BigInt parsing against absurd inputs; 30 integer digits is far above any invoice. */
const MAX_INPUT_LENGTH = 40;
const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:[.,](\d+))?$/;

function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new RangeError(`scale must be an integer between 0 and ${MAX_SCALE}, got ${scale}`);
  }
}


// ---------------------------------------------------------------------------------------------
// The decimal type
// ---------------------------------------------------------------------------------------------

/**
 * decimal.js configured for money: 200 significant digits, so that every sum, difference and product
 * of document values (at most 40 digits each, see parseDecimal) is exact and a quotient is only
 * rounded where a function says so, with the rounding it names. Never exponent notation in text.
 */
export const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -250, toExpPos: 250 });
export type Exact = InstanceType<typeof Exact>;

const pow10Exact = (exponent: number): Exact => new Exact(10).pow(exponent);
const exactOf = (value: bigint): Exact => new Exact(value.toString());
/** An integral decimal as a bigint (callers round first). */
const toBigInt = (value: Exact): bigint => BigInt(value.toFixed(0));

/**
 * A decimal as documents write it (XML xs:decimal, JSON strings): optional sign, digits, optional '.'
 * and digits (".5" and "5." included, as xs:decimal allows). No exponent, no grouping, no ','.
 */
const DOCUMENT_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** Longest decimal text read from a document; beyond it is not a plausible amount, quantity or price. */
export const MAX_DOCUMENT_DECIMAL_LENGTH = 60;

export function isDecimalText(value: string): boolean {
  return value.length <= MAX_DOCUMENT_DECIMAL_LENGTH && DOCUMENT_DECIMAL.test(value);
}

/** The exact value of a decimal text (isDecimalText must hold). */
export const exact = (value: string): Exact => new Exact(value);

/** Exact sum of decimal texts. */
export const sumExact = (values: readonly Exact[]): Exact => values.reduce<Exact>((total, value) => total.plus(value), new Exact(0));

/**
 * XPath 2.0 `round(x * 100) div 100`: to 2 decimals, halves toward positive infinity (round(-2.5) is
 * -2). The EN 16931 artefacts compute every total this way, so the library's rules do too.
 */
export const roundAsXPath = (value: Exact, decimals = AMOUNT_SCALE): Exact => value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_CEIL);

/** a − b as text, with as many decimals as the more precise operand. Both must satisfy isDecimalText. */
export function subtractDecimals(a: string, b: string): string {
  const decimals = Math.max(decimalsOf(a), decimalsOf(b));
  return exact(a).minus(exact(b)).toFixed(decimals);
}

const decimalsOf = (text: string): number => {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
};

const failure = (code: ParseErrorCode, message: string): ParseResult => ({ ok: false, code, message });

/** "1.5e-7" -> "0.00000015"; String(n) uses exponents only below 1e-6 or from 1e21 on. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, intDigits, fracDigits = '', exponentText] = match;
  const digits = intDigits + fracDigits;
  const pointAt = intDigits.length + Number(exponentText);
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

function numberToText(input: number): string | ParseResult {
  if (!Number.isFinite(input)) return failure('INVALID_FORMAT', `${input} is not a finite number`);
  if (Math.abs(input) > Number.MAX_SAFE_INTEGER) {
    return failure('OUT_OF_RANGE', `${input} is beyond the exact range of a JSON number; send it as a string`);
  }
  return expandExponent(String(input));
}

/**
 * Parses a decimal into units of 10^-scale. `scale` is the maximum number of significant decimals.
 */
export function parseDecimal(input: DecimalInput, scale: number = AMOUNT_SCALE, options: ParseOptions = {}): ParseResult {
  assertScale(scale);
  let text: string;
  if (typeof input === 'number') {
    const converted = numberToText(input);
    if (typeof converted !== 'string') return converted;
    text = converted;
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return failure('INVALID_FORMAT', 'expected a string or a number');
  }
  if (text.length === 0) return failure('INVALID_FORMAT', 'empty value');
  if (text.length > MAX_INPUT_LENGTH) return failure('OUT_OF_RANGE', 'too many digits');

  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return failure('INVALID_FORMAT', `"${text}" is not a decimal number (digits, one optional '.' or ',')`);
  const [, sign, intDigits, rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > scale) {
    return failure('TOO_MANY_DECIMALS', `"${text}" has more than ${scale} decimal${scale === 1 ? '' : 's'}`);
  }
  const value = toBigInt(new Exact(`${sign}${intDigits}.${fraction || '0'}`).times(pow10Exact(scale)));
  if (value < 0n && options.allowNegative === false) return failure('NEGATIVE', `"${text}" must not be negative`);
  return { ok: true, value };
}

export const parseAmount = (input: DecimalInput, options?: ParseOptions): ParseResult =>
  parseDecimal(input, AMOUNT_SCALE, options);

export const parseUnitPrice = (input: DecimalInput, options?: ParseOptions): ParseResult =>
  parseDecimal(input, UNIT_PRICE_SCALE, options);

export const parseQuantity = (input: DecimalInput, options?: ParseOptions): ParseResult =>
  parseDecimal(input, QUANTITY_SCALE, options);

export const parseRate = (input: DecimalInput): ParseResult =>
  parseDecimal(input, RATE_SCALE, { allowNegative: false });

/** For trusted constants (seeds, tests): throws a RangeError instead of returning a failure. */
export function decimalOrThrow(input: DecimalInput, scale: number = AMOUNT_SCALE): bigint {
  const parsed = parseDecimal(input, scale);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.value;
}

/** Fixed-point text with exactly `scale` decimals: formatDecimal(-5n, 2) === '-0.05'. */
export function formatDecimal(value: bigint, scale: number): string {
  assertScale(scale);
  const text = exactOf(value).dividedBy(pow10Exact(scale)).toFixed(scale);
  // decimal.js keeps the sign of a negative zero; money has none.
  return text.startsWith('-') && /^-0(?:\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Cents to the fixed 2-decimal text used in exports and XML: 123450n -> '1234.50'. */
export const formatAmount = (cents: bigint): string => formatDecimal(cents, AMOUNT_SCALE);

/**
 * Cents to a JSON number for the PISTE API (amounts are JSON numbers there). Exact: the shortest
 * decimal form of the resulting double is the 2-decimal text, for any amount below 2^53 cents.
 */
export const amountToNumber = (cents: bigint): number => Number(formatAmount(cents));

/** n / d rounded half-up, i.e. half away from zero (commercial rounding, symmetric for credits). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  return toBigInt(exactOf(numerator).dividedBy(exactOf(denominator)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

/** Changes the scale of a value; going down rounds half-up. */
export function rescale(value: bigint, fromScale: number, toScale: number): bigint {
  assertScale(fromScale);
  assertScale(toScale);
  return toBigInt(exactOf(value).times(pow10Exact(toScale - fromScale)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

export const addAmounts = (a: bigint, b: bigint): bigint => a + b;
export const subtractAmounts = (a: bigint, b: bigint): bigint => a - b;
export const sumAmounts = (values: readonly bigint[]): bigint => values.reduce((total, value) => total + value, 0n);

/**
 * a × b where each factor has its own scale, rounded half-up once, at the end, to `resultScale`.
 * Typical use: line amount = unit price (scale 6) × quantity (scale 6) -> cents.
 */
export function multiply(a: bigint, aScale: number, b: bigint, bScale: number, resultScale: number = AMOUNT_SCALE): bigint {
  assertScale(aScale);
  assertScale(bScale);
  const productScale = aScale + bScale;
  if (productScale > 2 * MAX_SCALE) throw new RangeError('scale too large');
  return toBigInt(exactOf(a).times(exactOf(b)).times(pow10Exact(resultScale - productScale)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

/** Unit price × quantity in cents (half-up). Defaults: price and quantity both at scale 6. */
export const multiplyByQuantity = (
  unitPrice: bigint,
  quantity: bigint,
  priceScale: number = UNIT_PRICE_SCALE,
  quantityScale: number = QUANTITY_SCALE,
): bigint => multiply(unitPrice, priceScale, quantity, quantityScale, AMOUNT_SCALE);

/** base × rate / 100, rounded half-up, at the base's scale: applyRate(1000n, 55000n) is 10.00 € × 5.5 % = 0.55 €. */
export function applyRate(base: bigint, ratePercent: bigint, rateScale: number = RATE_SCALE): bigint {
  assertScale(rateScale);
  // Dividing by 100 is two more decimals on the product.
  return toBigInt(exactOf(base).times(exactOf(ratePercent)).dividedBy(pow10Exact(rateScale + 2)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
}

export type Comparison = -1 | 0 | 1;

/** Compares two values of the same scale. */
export const compareDecimals = (a: bigint, b: bigint): Comparison => (a < b ? -1 : a > b ? 1 : 0);

export const absolute = (value: bigint): bigint => (value < 0n ? -value : value);

