/**
 * Decimal money arithmetic on bigint — never on binary floats.
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

const pow10 = (exponent: number): bigint => 10n ** BigInt(exponent);

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
  const magnitude = BigInt(intDigits + fraction.padEnd(scale, '0'));
  const value = sign === '-' ? -magnitude : magnitude;
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
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${intPart}${scale > 0 ? `.${fraction}` : ''}`;
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
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** Changes the scale of a value; going down rounds half-up. */
export function rescale(value: bigint, fromScale: number, toScale: number): bigint {
  assertScale(fromScale);
  assertScale(toScale);
  if (toScale >= fromScale) return value * pow10(toScale - fromScale);
  return divideRoundHalfUp(value, pow10(fromScale - toScale));
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
  if (resultScale >= productScale) return a * b * pow10(resultScale - productScale);
  return divideRoundHalfUp(a * b, pow10(productScale - resultScale));
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
  return divideRoundHalfUp(base * ratePercent, pow10(rateScale + 2));
}

export type Comparison = -1 | 0 | 1;

/** Compares two values of the same scale. */
export const compareDecimals = (a: bigint, b: bigint): Comparison => (a < b ? -1 : a > b ? 1 : 0);

export const absolute = (value: bigint): bigint => (value < 0n ? -value : value);

// ---------------------------------------------------------------------------------------------
// Totals consistency
// ---------------------------------------------------------------------------------------------

export type TotalsInvoiceType = 'FACTURE' | 'AVOIR';

export interface VatBreakdownLineInput {
  readonly rate: DecimalInput;
  readonly taxableAmount: DecimalInput;
  readonly vatAmount: DecimalInput;
}

export interface TotalsInput {
  /** Default FACTURE. On the platform a credit note (AVOIR) carries positive amounts too. */
  readonly invoiceType?: TotalsInvoiceType;
  readonly totalExclTax: DecimalInput;
  readonly totalVat: DecimalInput;
  readonly totalInclTax: DecimalInput;
  readonly amountDue: DecimalInput;
  readonly vatBreakdown?: readonly VatBreakdownLineInput[];
  /** Invoice lines: when given, each line's net amount and their sum are checked too. */
  readonly lines?: readonly InvoiceLineInput[];
}

export interface InvoiceLineInput {
  readonly quantity: DecimalInput;
  readonly unitPrice: DecimalInput;
  /** The line's net amount (HT). */
  readonly amountExclTax: DecimalInput;
}

export const TOTALS_ISSUE_CODES = [
  'INVALID_AMOUNT',
  'NEGATIVE_AMOUNT',
  'INVALID_RATE',
  'TOTAL_INCL_TAX_MISMATCH',
  'BREAKDOWN_BASE_MISMATCH',
  'BREAKDOWN_VAT_MISMATCH',
  'LINE_VAT_MISMATCH',
  'AMOUNT_DUE_EXCEEDS_TOTAL',
  'LINE_AMOUNT_MISMATCH',
  'LINES_TOTAL_MISMATCH',
] as const;
export type TotalsIssueCode = (typeof TOTALS_ISSUE_CODES)[number];

export interface TotalsIssue {
  /** Path in our domain names: 'totalInclTax', 'vatBreakdown[1].vatAmount'; the API layer renames. */
  readonly field: string;
  readonly code: TotalsIssueCode;
  readonly message: string;
  /** Fixed 2-decimal text (4 for rates) of what was expected / received, when meaningful. */
  readonly expected?: string;
  readonly actual?: string;
}

/** Tolerance on each breakdown line's VAT: one cent, for senders that round per invoice line. */
export const LINE_VAT_TOLERANCE_CENTS = 1n;
/** Tolerance on each invoice line's net amount against quantity × unit price: one cent. */
export const LINE_AMOUNT_TOLERANCE_CENTS = 1n;

type TotalField = 'totalExclTax' | 'totalVat' | 'totalInclTax' | 'amountDue';
const TOTAL_FIELDS: readonly TotalField[] = ['totalExclTax', 'totalVat', 'totalInclTax', 'amountDue'];

function readAmount(
  input: DecimalInput,
  field: string,
  issues: TotalsIssue[],
  signRule: 'ANY' | TotalsInvoiceType,
): bigint | undefined {
  const parsed = parseAmount(input);
  if (!parsed.ok) {
    issues.push({ field, code: 'INVALID_AMOUNT', message: `${field}: ${parsed.message}` });
    return undefined;
  }
  if (signRule !== 'ANY' && parsed.value < 0n) {
    const hint =
      signRule === 'AVOIR'
        ? 'a credit note carries positive amounts, its type gives the sign'
        : 'to credit, issue an AVOIR with positive amounts';
    issues.push({
      field,
      code: 'NEGATIVE_AMOUNT',
      message: `${field} must not be negative (${hint})`,
      actual: formatAmount(parsed.value),
    });
    return undefined;
  }
  return parsed.value;
}

interface ParsedLine {
  readonly rate?: bigint;
  readonly taxableAmount?: bigint;
  readonly vatAmount?: bigint;
}

function readBreakdownLine(line: VatBreakdownLineInput, index: number, issues: TotalsIssue[]): ParsedLine {
  const prefix = `vatBreakdown[${index}]`;
  const rate = parseRate(line.rate);
  let rateValue: bigint | undefined;
  if (!rate.ok || rate.value > 100n * pow10(RATE_SCALE)) {
    issues.push({
      field: `${prefix}.rate`,
      code: 'INVALID_RATE',
      message: `${prefix}.rate must be a percentage between 0 and 100 with at most ${RATE_SCALE} decimals`,
    });
  } else {
    rateValue = rate.value;
  }
  // Breakdown lines are not sign-checked: a per-rate discount may exceed that rate's base.
  const taxableAmount = readAmount(line.taxableAmount, `${prefix}.taxableAmount`, issues, 'ANY');
  const vatAmount = readAmount(line.vatAmount, `${prefix}.vatAmount`, issues, 'ANY');
  return { rate: rateValue, taxableAmount, vatAmount };
}

function checkBreakdown(
  lines: readonly ParsedLine[],
  totals: Partial<Record<TotalField, bigint>>,
  issues: TotalsIssue[],
): void {
  lines.forEach((line, index) => {
    if (line.rate === undefined || line.taxableAmount === undefined || line.vatAmount === undefined) return;
    const expected = applyRate(line.taxableAmount, line.rate);
    if (absolute(line.vatAmount - expected) > LINE_VAT_TOLERANCE_CENTS) {
      const computation = `${formatAmount(line.taxableAmount)} × ${formatDecimal(line.rate, RATE_SCALE)} %`;
      issues.push({
        field: `vatBreakdown[${index}].vatAmount`,
        code: 'LINE_VAT_MISMATCH',
        message: `vatBreakdown[${index}].vatAmount should be ${formatAmount(expected)} (${computation}), got ${formatAmount(line.vatAmount)}`,
        expected: formatAmount(expected),
        actual: formatAmount(line.vatAmount),
      });
    }
  });

  const bases = lines.map((line) => line.taxableAmount);
  if (totals.totalExclTax !== undefined && bases.every((value): value is bigint => value !== undefined)) {
    const sum = sumAmounts(bases);
    if (sum !== totals.totalExclTax) {
      issues.push({
        field: 'totalExclTax',
        code: 'BREAKDOWN_BASE_MISMATCH',
        message: `sum of vatBreakdown taxable amounts (${formatAmount(sum)}) differs from totalExclTax (${formatAmount(totals.totalExclTax)})`,
        expected: formatAmount(sum),
        actual: formatAmount(totals.totalExclTax),
      });
    }
  }
  const vats = lines.map((line) => line.vatAmount);
  if (totals.totalVat !== undefined && vats.every((value): value is bigint => value !== undefined)) {
    const sum = sumAmounts(vats);
    if (sum !== totals.totalVat) {
      issues.push({
        field: 'totalVat',
        code: 'BREAKDOWN_VAT_MISMATCH',
        message: `sum of vatBreakdown VAT amounts (${formatAmount(sum)}) differs from totalVat (${formatAmount(totals.totalVat)})`,
        expected: formatAmount(sum),
        actual: formatAmount(totals.totalVat),
      });
    }
  }
}

function readLineFactor(input: DecimalInput, field: string, scale: number, issues: TotalsIssue[]): bigint | undefined {
  const parsed = parseDecimal(input, scale);
  if (!parsed.ok) {
    issues.push({ field, code: 'INVALID_AMOUNT', message: `${field}: ${parsed.message}` });
    return undefined;
  }
  return parsed.value;
}

/** Each line: amountExclTax = quantity × unitPrice rounded half-up to the cent (± 0.01); Σ amountExclTax = totalExclTax. */
function checkLines(lines: readonly InvoiceLineInput[], totalExclTax: bigint | undefined, issues: TotalsIssue[]): void {
  const amounts = lines.map((line, index) => {
    const prefix = `lines[${index}]`;
    const quantity = readLineFactor(line.quantity, `${prefix}.quantity`, QUANTITY_SCALE, issues);
    const unitPrice = readLineFactor(line.unitPrice, `${prefix}.unitPrice`, UNIT_PRICE_SCALE, issues);
    // Lines are not sign-checked: a discount line may be negative.
    const amount = readAmount(line.amountExclTax, `${prefix}.amountExclTax`, issues, 'ANY');
    if (quantity !== undefined && unitPrice !== undefined && amount !== undefined) {
      const expected = multiplyByQuantity(unitPrice, quantity);
      if (absolute(amount - expected) > LINE_AMOUNT_TOLERANCE_CENTS) {
        const computation = `${formatDecimal(quantity, QUANTITY_SCALE).replace(/\.?0+$/, '')} × ${formatDecimal(unitPrice, UNIT_PRICE_SCALE).replace(/\.?0+$/, '')}`;
        issues.push({
          field: `${prefix}.amountExclTax`,
          code: 'LINE_AMOUNT_MISMATCH',
          message: `${prefix}.amountExclTax should be ${formatAmount(expected)} (${computation}), got ${formatAmount(amount)}`,
          expected: formatAmount(expected),
          actual: formatAmount(amount),
        });
      }
    }
    return amount;
  });
  if (totalExclTax !== undefined && amounts.every((value): value is bigint => value !== undefined)) {
    const sum = sumAmounts(amounts);
    if (sum !== totalExclTax) {
      issues.push({
        field: 'totalExclTax',
        code: 'LINES_TOTAL_MISMATCH',
        message: `sum of the lines' amountExclTax (${formatAmount(sum)}) differs from totalExclTax (${formatAmount(totalExclTax)})`,
        expected: formatAmount(sum),
        actual: formatAmount(totalExclTax),
      });
    }
  }
}

/**
 * Checks the invoice totals and returns every inconsistency found (empty list = consistent):
 * - each total is a valid non-negative amount with at most 2 decimals (FACTURE and AVOIR alike);
 * - totalInclTax = totalExclTax + totalVat, exactly;
 * - with a breakdown: Σ taxableAmount = totalExclTax and Σ vatAmount = totalVat, exactly; each line's
 *   vatAmount = taxableAmount × rate / 100 rounded half-up to the cent, ± 0.01;
 * - amountDue ≤ totalInclTax (less is fine: prepayments, global discounts); more is refused, for an
 *   AVOIR too since its amounts are positive as well;
 * - with lines: each line's amountExclTax = quantity × unitPrice rounded half-up to the cent, ± 0.01, and
 *   Σ amountExclTax = totalExclTax, exactly.
 */
export function checkTotals(input: TotalsInput): TotalsIssue[] {
  const issues: TotalsIssue[] = [];
  const totals: Partial<Record<TotalField, bigint>> = {};
  for (const field of TOTAL_FIELDS) {
    totals[field] = readAmount(input[field], field, issues, input.invoiceType ?? 'FACTURE');
  }
  const { totalExclTax, totalVat, totalInclTax, amountDue } = totals;

  if (totalExclTax !== undefined && totalVat !== undefined && totalInclTax !== undefined) {
    const expected = totalExclTax + totalVat;
    if (totalInclTax !== expected) {
      issues.push({
        field: 'totalInclTax',
        code: 'TOTAL_INCL_TAX_MISMATCH',
        message: `totalInclTax should be totalExclTax + totalVat = ${formatAmount(expected)}, got ${formatAmount(totalInclTax)}`,
        expected: formatAmount(expected),
        actual: formatAmount(totalInclTax),
      });
    }
  }

  if (input.vatBreakdown && input.vatBreakdown.length > 0) {
    const lines = input.vatBreakdown.map((line, index) => readBreakdownLine(line, index, issues));
    checkBreakdown(lines, totals, issues);
  }

  if (input.lines && input.lines.length > 0) checkLines(input.lines, totalExclTax, issues);

  if (amountDue !== undefined && totalInclTax !== undefined && amountDue > totalInclTax) {
    issues.push({
      field: 'amountDue',
      code: 'AMOUNT_DUE_EXCEEDS_TOTAL',
      message: `amountDue (${formatAmount(amountDue)}) exceeds totalInclTax (${formatAmount(totalInclTax)})`,
      expected: `<= ${formatAmount(totalInclTax)}`,
      actual: formatAmount(amountDue),
    });
  }
  return issues;
}
