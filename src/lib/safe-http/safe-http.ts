import { lookup } from 'node:dns/promises';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, LookupFunction } from 'node:net';

/**
 * Outbound HTTP to addresses a platform user chose (webhooks): the SSRF rules in one place.
 *  - https only unless `allowHttp`;
 *  - no loopback, private, link-local, CGNAT, multicast, reserved or unspecified target, IPv4 or IPv6
 *    (IPv4-mapped, -compatible and -translated, NAT64, 6to4 and Teredo forms included) unless `allowPrivate`;
 *  - the name is resolved once, every address it resolves to is checked, and the connection is pinned to
 *    the first one (no second resolution an attacker's DNS could answer differently: DNS rebinding);
 *  - redirects are not followed (a 3xx is an answer like any other);
 *  - one deadline bounds connection, TLS and answer; at most `maxResponseBytes` of the answer are read.
 */
export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
}

export type TargetRefusal = 'INVALID_URL' | 'SCHEME_NOT_ALLOWED' | 'CREDENTIALS_IN_URL' | 'ADDRESS_NOT_ALLOWED' | 'UNRESOLVABLE';

export class TargetRefused extends Error {
  constructor(
    readonly reason: TargetRefusal,
    detail: string,
  ) {
    super(detail);
  }
}

const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated), ::a.b.c.d
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT), ::ffff:0:a.b.c.d
  ['64:ff9b::', 96], // NAT64, which may embed any IPv4 address
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): a site's translator may map it to its private IPv4
  ['2001::', 32], // Teredo, an IPv4 address inside
  ['2002::', 16], // 6to4, any IPv4 address inside (deprecated)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // former site-local
  ['ff00::', 8], // multicast
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP literal is outside the public Internet (see the list above). Not an IP: true. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // BlockList checks an IPv4-mapped address (::ffff:a.b.c.d, ::ffff:7f00:1) against the IPv4 rules.
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Checks what can be checked without the network: scheme, credentials, an IP literal host. */
export function checkTargetUrl(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('INVALID_URL', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    throw new TargetRefused('SCHEME_NOT_ALLOWED', `${url.protocol} is not allowed (https only)`);
  }
  if (url.username || url.password) throw new TargetRefused('CREDENTIALS_IN_URL', 'credentials in the URL are not allowed');
  const host = hostOf(url);
  if (!policy.allowPrivate && isIP(host) !== 0 && isForbiddenAddress(host)) {
    throw new TargetRefused('ADDRESS_NOT_ALLOWED', `${host} is not a public address`);
  }
  return url;
}

/** The host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Resolves once; every address must be allowed (a name that also resolves inside is refused whole). */
export async function resolveTarget(url: URL, policy: TargetPolicy): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses = literal !== 0 ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new TargetRefused('UNRESOLVABLE', `${host} does not resolve`);
  if (!policy.allowPrivate) {
    const inside = addresses.find((a) => isForbiddenAddress(a.address));
    if (inside) throw new TargetRefused('ADDRESS_NOT_ALLOWED', `${host} resolves to ${inside.address}, not a public address`);
  }
  return { address: addresses[0]!.address, family: addresses[0]!.family === 6 ? 6 : 4 };
}

export interface SafePostResult {
  statusCode: number;
  /** The answer's first bytes (at most `maxResponseBytes`), as text. */
  body: string;
}

/**
 * POSTs `body` to `url` under `policy`. Rejects with `TargetRefused` before any connection when the target is
 * not allowed, with an Error on a network failure or once `timeoutMs` passed.
 */
export async function safePost(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: TargetPolicy & { timeoutMs: number; maxResponseBytes: number },
): Promise<SafePostResult> {
  const deadline = Date.now() + options.timeoutMs;
  const url = checkTargetUrl(rawUrl, options);
  const pinned = await resolveTarget(url, options);
  const remaining = deadline - Date.now();
  if (remaining <= 0) throw new Error(`timed out after ${options.timeoutMs} ms (DNS)`);
  // The connection goes to the address checked above, whatever a second resolution would say; TLS still
  // verifies the certificate against the URL's host name (servername).
  const pinnedLookup: LookupFunction = (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SafePostResult>((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup,
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), remaining);
    const finish = (error: Error | null, result?: SafePostResult): void => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    req.on('error', (error) => finish(error));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => finish(null, { statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (chunk: Buffer) => {
        const room = options.maxResponseBytes - size;
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += chunk.length;
        // Enough read: the rest of the answer is not waited for.
        if (size >= options.maxResponseBytes) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', (error) => finish(error));
    });
    req.end(body);
  });
}
