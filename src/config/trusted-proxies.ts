import { isIP } from 'node:net';

/** proxy-addr's named ranges, accepted as they are by Fastify's `trustProxy`. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses TRUSTED_PROXIES: a comma-separated list of addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`)
 * or proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). Empty: no proxy is trusted, and the
 * client address is the socket's. Throws with the offending entry, so a typo stops the process at boot
 * instead of silently trusting nobody (or everybody).
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (family === 0 || rest.length > 0 || !prefixOk) {
      throw new Error(`"${entry}" is neither an IP address, a CIDR range nor one of ${[...NAMED_RANGES].join(', ')}`);
    }
  }
  return entries;
}
