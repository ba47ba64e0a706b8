import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument, SANDBOX_SERVER_URL } from '../../src/shared/http/swagger';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const OPENAPI_PATH = path.join(ROOT, 'openapi/openapi.json');
const CLIENT_TYPES_PATH = path.join(ROOT, 'test/generated/liasse-api.d.ts');
const STALE = 'Run `npm run openapi` and commit openapi/openapi.json and test/generated/liasse-api.d.ts.';

type Operation = {
  operationId?: string;
  summary?: string;
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: Array<Record<string, string[]>>;
};
type Schema = Record<string, unknown>;

describe('the published OpenAPI document', () => {
  let t: TestApp;
  let document: ReturnType<typeof buildOpenApiDocument>;

  beforeAll(async () => {
    t = await startTestApp();
    document = buildOpenApiDocument(t.app, SANDBOX_SERVER_URL);
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

  it('types every property: a nullable text is `string | null`, no object without a shape', () => {
    const untyped: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}/${i}`));
      if (!value || typeof value !== 'object') return;
      const schema = value as Schema;
      const shaped = ['properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', 'items', '$ref'].some((k) => k in schema);
      // `{type: object}` alone (or `{type: ["null"]}` alone) is what a `string | null` property without an explicit
      // type becomes: a generated client types it Record<string, never>.
      // OpenAPI 3.1: a nullable schema lists "null" among its types.
      const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      const nullable = types.includes('null');
      const type = types.find((t) => t !== 'null');
      if (nullable && !shaped && (type === undefined || type === 'object')) untyped.push(where);
      if (type === 'object' && !shaped && !nullable) untyped.push(where);
      for (const [k, v] of Object.entries(schema)) if (k !== 'example' && k !== 'default') walk(v, `${where}/${k}`);
    };
    walk(document.components?.schemas, '#/components/schemas');
    walk(document.paths, '#/paths');
    expect(untyped).toEqual([]);
  });

  it('says `security: []` on public operations and which schemes the others accept', async () => {
    const schemes = document.components?.securitySchemes ?? {};
    expect(schemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      oauth2: expect.objectContaining({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/api/oauth/token', scopes: {} } } }),
      'cpro-account': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'cpro-account' }),
    });
    // The token URL is the token endpoint of the document, itself public.
    expect((document.paths['/api/oauth/token'] as Record<string, Operation>).post).toMatchObject({ operationId: 'issueClientToken', security: [] });

    const anonymous: string[] = [];
    for (const { key, op } of operations()) {
      expect({ key, security: Array.isArray(op.security) }).toEqual({ key, security: true });
      if (op.security!.length === 0) continue;
      // A user token everywhere; a client token only with its technical account, and on every /cpro operation.
      expect({ key, first: op.security![0] }).toEqual({ key, first: { bearer: [] } });
      for (const requirement of op.security!.slice(1)) expect({ key, requirement }).toEqual({ key, requirement: { oauth2: [], 'cpro-account': [] } });
      if (key.includes(' /cpro/')) expect({ key, clients: op.security!.length }).toEqual({ key, clients: 2 });
      // And the server agrees: without credentials, 401.
      const [method, template] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string];
      const url = template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.http.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}, {});
      if (res.status !== 401) anonymous.push(`${key}: ${res.status}`);
    }
    expect(anonymous).toEqual([]);
  });

  it('describes every error answer with its body: problem+json on /api, the PISTE envelope on /cpro', () => {
    const wrong: string[] = [];
    for (const { key, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const expected = key.includes(' /cpro/')
          ? { 'application/json': '#/components/schemas/PisteErrorDto' }
          : key === 'POST /api/oauth/token' // RFC 6749 §5.2, as PISTE answers
            ? { 'application/json': '#/components/schemas/OAuthErrorDto' }
            : { 'application/problem+json': '#/components/schemas/ProblemDto' };
        const actual = Object.fromEntries(Object.entries(response.content ?? {}).map(([type, media]) => [type, media.schema?.$ref]));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) wrong.push(`${key} ${status}: ${JSON.stringify(actual)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents the 400 of routes without input: a query parameter with a forbidden character', async () => {
    const problem = await t.http.get('/health/live?x=%01');
    expect(problem.status).toBe(400);
    expect(problem.headers['content-type']).toContain('application/problem+json');
    expect(problem.body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    const piste = await t.http.get('/cpro/transverses/v1/health-check?x=%01');
    expect(piste.status).toBe(400);
    expect(piste.body).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.any(String) });
  });

  it('names the deployment PUBLIC_URL as its server (the committed document: the sandbox)', async () => {
    const served = await t.http.get('/docs/openapi.json');
    expect(served.body.servers).toEqual([{ url: '{publicUrl}', description: expect.any(String), variables: { publicUrl: expect.objectContaining({ default: 'http://liasse.test' }) } }]);
    expect(document.servers).toEqual([{ url: '{publicUrl}', description: expect.any(String), variables: { publicUrl: expect.objectContaining({ default: 'http://localhost:3000' }) } }]);
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
