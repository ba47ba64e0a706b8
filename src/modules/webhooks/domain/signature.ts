import { createHmac } from 'node:crypto';

/** The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (one v1 per live secret). */
export const SIGNATURE_HEADER = 'Liasse-Signature';

/** HMAC-SHA256 of `timestamp + "." + body` under `secret`, hex. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The header's value. During a rotation's overlap both secrets sign (new first): a receiver that still has
 * the old secret, or already has the new one, finds a matching `v1`.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signatureOf(s, timestamp, body)}`)].join(',');
}

/** Retry delay after `attempts` failed attempts: base, 2×base, 4×base… capped at an hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}
