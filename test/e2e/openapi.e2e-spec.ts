import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from '../../src/shared/http/swagger';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const OPENAPI_PATH = path.join(ROOT, 'openapi/openapi.json');
const CLIENT_TYPES_PATH = path.join(ROOT, 'test/generated/liasse-api.d.ts');
const STALE = 'Run `npm run openapi` and commit openapi/openapi.json and test/generated/liasse-api.d.ts.';

type Operation = { operationId?: string; summary?: string; responses?: Record<string, unknown>; security?: unknown[] };

describe('the published OpenAPI document', () => {
  let t: TestApp;
  let document: ReturnType<typeof buildOpenApiDocument>;

  beforeAll(async () => {
    t = await startTestApp();
    document = buildOpenApiDocument(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  const operations = (): Array<{ key: string; op: Operation }> =>
    Object.entries(document.paths).flatMap(([p, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ key: `${method.toUpperCase()} ${p}`, op })),
    );

  it('is the committed openapi/openapi.json', () => {
    const committed = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
    const same = JSON.stringify(committed) === JSON.stringify(JSON.parse(JSON.stringify(document)));
    if (!same) throw new Error(`openapi/openapi.json is stale. ${STALE}`);
  });

  it('gives every operation a unique operationId, a summary, a success answer and its error answers', () => {
    const ids = new Map<string, string>();
    for (const { key, op } of operations()) {
      expect({ key, operationId: op.operationId }).toEqual({ key, operationId: expect.stringMatching(/^[a-z][A-Za-z0-9]+$/) });
      if (ids.has(op.operationId!)) throw new Error(`operationId ${op.operationId} used by ${ids.get(op.operationId!)} and ${key}`);
      ids.set(op.operationId!, key);
      expect({ key, summary: op.summary }).toEqual({ key, summary: expect.any(String) });
      const statuses = Object.keys(op.responses ?? {});
      expect({ key, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ key, success: true });
      if (!key.includes('/health') && !key.includes('/error-codes') && !key.includes('/captcha')) {
        expect({ key, errors: statuses.some((s) => /^[45]\d\d$/.test(s)) }).toEqual({ key, errors: true });
      }
    }
    expect(ids.size).toBeGreaterThan(10);
  });

  it('has client types generated from the committed document', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liasse-openapi-'));
    try {
      const out = path.join(dir, 'api.d.ts');
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), OPENAPI_PATH, '-o', out], { stdio: 'ignore' });
      if (readFileSync(out, 'utf8') !== readFileSync(CLIENT_TYPES_PATH, 'utf8')) throw new Error(`test/generated/liasse-api.d.ts is stale. ${STALE}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every error code with its status and both languages', async () => {
    const res = await t.http.get('/api/v1/error-codes');
    expect(res.status).toBe(200);
    const codes = res.body as Array<{ code: string; status: number; fr: string; en: string }>;
    expect(codes.map((c) => c.code)).toEqual(expect.arrayContaining(['ACCOUNTS.LINK_INVALID', 'COMMON.VALIDATION_FAILED']));
    for (const c of codes) {
      expect(c.fr.length).toBeGreaterThan(5);
      expect(c.en.length).toBeGreaterThan(5);
    }
  });
});
