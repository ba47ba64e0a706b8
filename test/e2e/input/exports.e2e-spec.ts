import { givenSupplier, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 15: a streamed CSV export ran its query only once the 200 and the header line were sent, so a
 * filter the database refused cut the connection after a few bytes, with nothing logged. The query now
 * runs before the first byte: such a filter is an ordinary error answer.
 */
describe('streamed exports start only once their query has run', () => {
  let t: TestApp;
  let supplier: Supplier;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a filter the database would refuse (an ISO week date) with a 400 naming it, on the export and on the search', async () => {
    const query = { role: 'supplier', dateFrom: '2024-W01' };
    for (const url of ['/api/v1/invoices/export', '/api/v1/invoices']) {
      const res = await t.http.get(url, { token: supplier.owner.token, query });
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 400, type: expect.stringContaining('application/problem+json') });
      expect(res.body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', field: 'dateFrom' });
    }
  });

  it('still streams a valid export', async () => {
    const res = await t.http.get('/api/v1/invoices/export', { token: supplier.owner.token, query: { role: 'supplier', dateFrom: '2024-01-01' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text.split('\r\n')[0]).toMatch(/^identifiant;numero;/);
  });
});
