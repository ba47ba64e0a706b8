/** Exact decimal helpers on strings (BigInt based): money never goes through floats. */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function toScaled(value: string): Scaled {
  const negative = value.startsWith('-');
  const [integer, fraction = ''] = value.replace(/^[+-]/, '').split('.');
  const magnitude = BigInt(`${integer === '' ? '0' : integer}${fraction}`);
  return { units: negative ? -magnitude : magnitude, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** a − b, with as many decimals as the more precise operand. Both must satisfy isDecimal. */
export function subtractDecimals(a: string, b: string): string {
  const left = toScaled(a);
  const right = toScaled(b);
  const scale = Math.max(left.scale, right.scale);
  return formatScaled(rescale(left, scale) - rescale(right, scale), scale);
}
