import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEnvironment } from './app.config';
import { estimatedBits, KEY_RULE, PUBLISHED_SECRETS, secretWeakness } from './secrets';

const STRONG = 'pG7vQ2xR9kLm4tW8zB1nC6hJ3dF5sY0aE-uK_oTiZqVw'; // 44 random base64url characters
const production = (env: Record<string, string>) => () =>
  validateEnvironment({ NODE_ENV: 'production', CAPTCHA_ENABLED: 'true', DATABASE_URL: 'postgres://x/y', JWT_SECRET: STRONG, ...env });

describe('production secrets', () => {
  it('estimates a random key far above a repeated or tiny alphabet', () => {
    expect(estimatedBits('x'.repeat(32))).toBe(0);
    expect(estimatedBits(STRONG)).toBeGreaterThan(200);
    expect(estimatedBits('0123456789abcdef0123456789abcdef')).toBeCloseTo(128);
  });

  it('accepts a random key and refuses placeholders, published values and regular strings', () => {
    expect(secretWeakness(STRONG, KEY_RULE)).toBeUndefined();
    expect(secretWeakness('9f86d081884c7d659a2feaa0c55ad015', KEY_RULE)).toBeUndefined(); // openssl rand -hex 16
    expect(secretWeakness('compose-dev-only-jwt-secret-change-me-0123456789', KEY_RULE)).toMatch(/published/);
    expect(secretWeakness('please-change-me-before-going-live-0123456789', KEY_RULE)).toMatch(/placeholder/);
    expect(secretWeakness('<your-secret-of-at-least-32-characters>', KEY_RULE)).toMatch(/placeholder/);
    expect(secretWeakness('x'.repeat(32), KEY_RULE)).toMatch(/too regular/);
    expect(secretWeakness('01234567890123456789012345678901', KEY_RULE)).toMatch(/too regular/);
    expect(secretWeakness('abababababababababababababababab', KEY_RULE)).toMatch(/too regular/);
  });

  it('lists every secret the repository ships as a default or an example', () => {
    const root = path.resolve(__dirname, '../..');
    const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
    const testSecret = /TEST_JWT_SECRET = '([^']+)'/.exec(read('test/setup/test-env.ts'))?.[1];
    const devAdminPassword = /DEV_ADMIN_PASSWORD = '([^']+)'/.exec(read('scripts/dev.mjs'))?.[1];
    for (const shipped of [testSecret, devAdminPassword]) {
      expect(shipped).toBeDefined();
      expect(PUBLISHED_SECRETS.has(shipped!)).toBe(true);
    }
    // docker-compose.yml (the development sandbox) ships one, published hence refused in production;
    // the production override ships none: compose stops until the environment gives one.
    const composeSecret = /JWT_SECRET: \$\{JWT_SECRET:-([^}]+)\}/.exec(read('docker-compose.yml'))?.[1];
    expect(composeSecret && PUBLISHED_SECRETS.has(composeSecret)).toBe(true);
    expect(read('docker-compose.prod.yml')).toMatch(/JWT_SECRET: \$\{JWT_SECRET:\?/);
  });

  it('refuses to configure a production process with a weak JWT_SECRET, naming the variable', () => {
    expect(production({})).not.toThrow();
    for (const weak of ['compose-dev-only-jwt-secret-change-me-0123456789', 'test-secret-that-is-long-enough-for-hs256-0123456789', 'x'.repeat(40), 'changeme-changeme-changeme-changeme']) {
      expect(production({ JWT_SECRET: weak })).toThrow(/JWT_SECRET: .*refused when NODE_ENV=production/);
    }
    expect(production({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });

  it('refuses a published administrator password and a weak metrics token in production', () => {
    expect(production({ ADMIN_PASSWORD: 'Guichet-Vert-2026!' })).toThrow(/ADMIN_PASSWORD: is a value published/);
    expect(production({ METRICS_TOKEN: 'metrics-token-example' })).toThrow(/METRICS_TOKEN: looks like a placeholder/);
    expect(production({ METRICS_TOKEN: 'aaaaaaaaaaaaaaaaaaaa' })).toThrow(/METRICS_TOKEN: is too regular/);
    expect(production({ METRICS_TOKEN: 'k3Vq9-ZrT0pL7wXy2sNb8dHf4gJm6cAe', ADMIN_PASSWORD: 'Tr0mp3tte-Bleue-Lointaine!' })).not.toThrow();
  });

  it('keeps the shipped values usable in development and test, and for tools that sign nothing', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(() => validateEnvironment({ NODE_ENV, JWT_SECRET: 'compose-dev-only-jwt-secret-change-me-0123456789', ADMIN_PASSWORD: 'Guichet-Vert-2026!' })).not.toThrow();
    }
    expect(() => validateEnvironment({ NODE_ENV: 'production', CAPTCHA_ENABLED: 'true', JWT_SECRET: 'x'.repeat(32) }, { usesSecrets: false })).not.toThrow();
  });
});
