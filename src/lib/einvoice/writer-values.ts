import { formatDecimal, parseDecimal } from '../../shared/domain/money';
import type { NormalisedVatBreakdown } from './normalised-invoice';

/** What the CII and UBL writers share: escaping, decimals written from their text, VAT categories. */

export const escapeXml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A decimal text at `scale` decimals at most, with at least two (`"2"` → `"2.00"`, `"1.005"` → `"1.005"`). */
export function decimalText(value: string, scale: number): string {
  const parsed = parseDecimal(value, scale);
  if (!parsed.ok) throw new RangeError(`not a decimal at scale ${scale}: ${value}`);
  const text = formatDecimal(parsed.value, scale);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}

export const amountText = (value: string): string => decimalText(value, 2);

/** The sum of amounts (2 decimals), exactly. */
export function sumAmountTexts(values: readonly string[]): string {
  let total = 0n;
  for (const value of values) {
    const parsed = parseDecimal(value, 2, { allowNegative: true });
    if (!parsed.ok) throw new RangeError(`not an amount: ${value}`);
    total += parsed.value;
  }
  return formatDecimal(total, 2);
}

/** A line's VAT category: the breakdown entry of the same rate, else S (or Z at 0 %). */
export function vatCategoryOf(rate: string | undefined, breakdown: readonly NormalisedVatBreakdown[]): string {
  const parsed = rate === undefined ? undefined : parseDecimal(rate, 4);
  const same = breakdown.find((b) => {
    const other = parseDecimal(b.rate, 4);
    return parsed?.ok && other.ok && other.value === parsed.value;
  });
  if (same) return same.category;
  if (rate === undefined && breakdown.length === 1) return breakdown[0]!.category;
  return parsed?.ok && parsed.value === 0n ? 'Z' : 'S';
}

/** YYYY-MM-DD → YYYYMMDD (CII format 102). */
export const date102 = (isoDate: string): string => isoDate.replace(/-/g, '');
