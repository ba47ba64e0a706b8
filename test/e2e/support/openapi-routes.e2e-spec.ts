import { buildOpenApiDocument } from '../../../src/shared/http/swagger';
import { startTestApp, TestApp } from '../../support/test-app';

/** Every support route is documented: unique operation id, summary, 2xx response, error answers. */
describe('OpenAPI of support', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents each ticket, category and contact route', () => {
    const document = buildOpenApiDocument(t.app);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { operationId?: string; summary?: string; responses?: Record<string, unknown> }>).map(([method, op]) => ({ path, method, ...op })),
    );
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = operations.filter((o) => /^\/api\/v1\/(tickets|support|contact)/.test(o.path));
    expect(ours.map((o) => o.operationId).sort()).toEqual(
      [
        'addTicketFile', 'addTicketMessage', 'changeTicketStatus', 'createSupportCategory', 'createSupportSubCategory', 'downloadTicketFile', 'exportTickets',
        'getTicket', 'listSupportCategories', 'openTicket', 'searchTickets', 'submitContactForm', 'updateSupportCategory', 'updateSupportSubCategory',
      ].sort(),
    );
    for (const op of ours) {
      expect({ route: `${op.method} ${op.path}`, ok: Boolean(op.operationId && op.summary) }).toEqual({ route: `${op.method} ${op.path}`, ok: true });
      const statuses = Object.keys(op.responses ?? {});
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
      expect(statuses.some((s) => s.startsWith('4'))).toBe(true);
    }
  });
});
