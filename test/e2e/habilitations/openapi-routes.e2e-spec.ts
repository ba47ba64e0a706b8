import { buildOpenApiDocument } from '../../../src/shared/http/swagger';
import { startTestApp, TestApp } from '../../support/test-app';

/** Every route of organisation and habilitations is documented: unique operation id, summary, 2xx response, errors. */
describe('OpenAPI of structures and rights', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has unique operation ids across the whole app and documents each of our routes', () => {
    const document = buildOpenApiDocument(t.app);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { operationId?: string; summary?: string; responses?: Record<string, unknown> }>).map(([method, op]) => ({ path, method, ...op })),
    );
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = operations.filter((o) => /^\/api\/v1\/(structures|directory|membership-requests|approvals|me\/(memberships|grants))/.test(o.path));
    expect(ours.length).toBeGreaterThanOrEqual(28);
    for (const op of ours) {
      expect({ route: `${op.method} ${op.path}`, ok: Boolean(op.operationId && op.summary) }).toEqual({ route: `${op.method} ${op.path}`, ok: true });
      const statuses = Object.keys(op.responses ?? {});
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
      expect(statuses.some((s) => s.startsWith('4'))).toBe(true);
    }
  });
});
