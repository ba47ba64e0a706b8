/**
 * Secrets a production process refuses (issue 15): a placeholder, a value published in this repository
 * (compose default, docs, tests, seeds), or a string too regular to be a random key. Development and test
 * runs keep their shipped values; `NODE_ENV=production` never starts with one.
 */

/**
 * Values this repository has shipped or published as secrets or examples. Anyone can read them here: a
 * deployment that kept one has no secret. Add a value here whenever a new example appears in the repo.
 */
export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  // docker-compose.yml's former JWT_SECRET default, and its development sandbox's
  'compose-dev-only-jwt-secret-change-me-0123456789',
  'liasse-compose-dev-only-jwt-secret-not-for-production',
  // test/setup/test-env.ts and the access-token tests
  'test-secret-that-is-long-enough-for-hs256-0123456789',
  'another-secret-that-is-long-enough-0123456789',
  // the development administrator password (scripts/dev.mjs, docker-compose.yml, docs/operations.md)
  'Guichet-Vert-2026!',
  // sandbox demo credentials (README.md, seeds, scripts/bench.mjs)
  'Ornithorynque-42!',
  'sandbox-erp-secret-2026-not-for-production',
  'Sandbox-Fournisseur-2026-not-for-production',
  'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD',
  // docker-compose.yml's MinIO (profile s3) and MinIO's own well-known default
  'liasse-minio-dev-secret',
  'minioadmin',
]);

/** Words that mark a value as something to replace, not a secret. */
const PLACEHOLDER = /change[-_ .]?me|changeit|placeholder|example|dummy|sample|not[-_ ]?for[-_ ]?prod|dev[-_ ]?only|do[-_ ]?not[-_ ]?use|insecure|replace|your[-_ ]?(own[-_ ]?)?(secret|token|key)|^<.*>$|^\$\{.*\}$|\bsecret\b.*\bhere\b/i;

/**
 * Bits of the value by its own character frequencies (Shannon): a random key of the required length scores
 * far above the threshold (64 base64url characters ≈ 340; 32 hex characters ≈ 115), a repeated or tiny
 * alphabet far below ('x' × 32 = 0).
 */
export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  const length = [...value].length;
  for (const n of counts.values()) perChar -= (n / length) * Math.log2(n / length);
  return perChar * length;
}

export interface SecretRule {
  /** Minimum estimated bits (`estimatedBits`). */
  minBits: number;
  /** Minimum distinct characters: a short alphabet repeated (0123456789…) is not random. */
  minDistinct: number;
}

export const KEY_RULE: SecretRule = { minBits: 96, minDistinct: 12 };
export const TOKEN_RULE: SecretRule = { minBits: 64, minDistinct: 10 };

/** Why `value` is not acceptable as a production secret, or undefined when it is. */
export function secretWeakness(value: string, rule: SecretRule | null): string | undefined {
  if (PUBLISHED_SECRETS.has(value.trim())) return 'is a value published in the Liasse repository (an example or a default), not a secret';
  if (PLACEHOLDER.test(value)) return 'looks like a placeholder; generate one, e.g. `openssl rand -base64 48`';
  if (rule && (new Set(value).size < rule.minDistinct || estimatedBits(value) < rule.minBits)) {
    return 'is too regular to be a random key; generate one, e.g. `openssl rand -base64 48`';
  }
  return undefined;
}
