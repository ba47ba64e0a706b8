import { createHash, Hash } from 'node:crypto';

/**
 * SHA-256 of a request body as it streams, never buffered. A multipart body is hashed without its
 * boundary: a client that retries builds the form again with a new random boundary, and the same parts
 * must give the same fingerprint. Every occurrence of the delimiter is left out, chunk borders included
 * (the last `delimiter.length - 1` bytes of a chunk wait for the next one).
 */
export class BodyFingerprint {
  private readonly hash: Hash = createHash('sha256');
  private carry: Buffer = Buffer.alloc(0);
  private digested: string | null = null;

  constructor(private readonly delimiter: Buffer | null = null) {}

  /** The multipart boundary of a `Content-Type`, as it appears in the body (`--` + boundary); null otherwise. */
  static forContentType(contentType: string | undefined): BodyFingerprint {
    const boundary = /^multipart\/[^;]+;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
    const value = boundary?.[1] ?? boundary?.[2];
    return new BodyFingerprint(value ? Buffer.from(`--${value}`, 'latin1') : null);
  }

  update(chunk: Buffer): void {
    if (this.digested !== null) throw new Error('fingerprint already read');
    const delimiter = this.delimiter;
    if (!delimiter) {
      this.hash.update(chunk);
      return;
    }
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    for (let at = data.indexOf(delimiter, from); at !== -1; at = data.indexOf(delimiter, from)) {
      this.hash.update(data.subarray(from, at));
      from = at + delimiter.length;
    }
    // What is left may end with the start of a delimiter: kept until the next chunk says.
    const keep = Math.min(delimiter.length - 1, data.length - from);
    this.hash.update(data.subarray(from, data.length - keep));
    this.carry = Buffer.from(data.subarray(data.length - keep));
  }

  /** Hex SHA-256 of what was seen; the same value on every call. */
  digest(): string {
    if (this.digested === null) {
      this.hash.update(this.carry);
      this.digested = this.hash.digest('hex');
    }
    return this.digested;
  }
}

/** The request apart from its body: method, route pattern, path parameters and query, in a stable order. */
export function requestFingerprint(method: string, route: string, params: unknown, query: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method.toUpperCase(), route, sorted(params), sorted(query)]))
    .digest('hex');
}

function sorted(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(sorted);
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}
