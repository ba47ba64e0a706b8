import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ErpConnection, givenErpConnection } from '../../factories/connections';
import { createDraft, draftBody, givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/** Issue 20, bulk status: POST /api/v1/invoices/statuses, up to 100 invoices by id or number in one call. */
describe('bulk invoice status', () => {
  let t: TestApp;
  let supplier: Supplier;
  let other: Supplier;
  let recipient: PublicRecipient;
  let mine: string[];
  let draft: string;
  let theirs: string;
  let erp: ErpConnection;

  const statuses = (token: string, body: unknown, headers: Record<string, string> = {}) => t.http.post('/api/v1/invoices/statuses', body, { token, headers });
  const numberOf = async (id: string, token: string): Promise<string> => (await t.http.get(`/api/v1/invoices/${id}`, { token })).body.number;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    other = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
    mine = [await givenAvailableInvoice(t, supplier, recipient), await givenAvailableInvoice(t, supplier, recipient)];
    draft = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    theirs = await givenAvailableInvoice(t, other, recipient);
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id, { apiGroups: ['factures'] });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('gives the supplier its invoices’ statuses as a single read does, and reports the rest as not found alike', async () => {
    const unknown = randomUUID();
    const res = await statuses(supplier.owner.token, { ids: [mine[0], theirs, mine[1], unknown, draft] });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([mine[0], mine[1], draft]);
    // Another structure's invoice and an unknown id: the same answer, nothing tells which exists.
    expect(res.body.notFound).toEqual({ ids: [theirs, unknown], numbers: [] });
    expect(res.body.truncated).toBe(false);
    for (const item of res.body.items) {
      const single = (await t.http.get(`/api/v1/invoices/${item.id}`, { token: supplier.owner.token })).body;
      expect(item).toEqual({
        id: single.id,
        publicId: single.publicId,
        number: single.number,
        side: 'SUPPLIER',
        status: single.status,
        reformCode: single.reformCode,
        statusChangedAt: single.statusChangedAt,
        supplierStructureId: supplier.id,
        recipientStructureId: recipient.id,
      });
    }
    expect(res.body.items[0]).toMatchObject({ status: 'MISE_A_DISPOSITION', reformCode: expect.any(Number) });
    expect(res.body.items[2]).toMatchObject({ status: 'BROUILLON', reformCode: null });
  });

  it('answers by number on the recipient side, with every visible invoice of that number', async () => {
    const numbers = [await numberOf(mine[0], supplier.owner.token), await numberOf(theirs, other.owner.token)];
    const res = await statuses(recipient.clerk.token, { numbers: [...numbers, 'F-INCONNU-1'] });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string; side: string }) => [i.id, i.side])).toEqual([
      [mine[0], 'RECIPIENT'],
      [theirs, 'RECIPIENT'],
    ]);
    expect(res.body.notFound).toEqual({ ids: [], numbers: ['F-INCONNU-1'] });
    const single = (await t.http.get(`/api/v1/invoices/${mine[0]}`, { token: recipient.clerk.token })).body;
    expect(res.body.items[0]).toMatchObject({ status: single.status, reformCode: single.reformCode, statusChangedAt: single.statusChangedAt });
    // The other supplier's number is not visible to this supplier: not found, as an unknown one.
    const bySupplier = await statuses(supplier.owner.token, { numbers: [numbers[1]!, 'F-INCONNU-1'], ids: [mine[1]] });
    expect(bySupplier.body.items.map((i: { id: string }) => i.id)).toEqual([mine[1]]);
    expect(bySupplier.body.notFound).toEqual({ ids: [], numbers: [numbers[1], 'F-INCONNU-1'] });
  });

  it('serves an ERP through its client token and technical account (API group factures)', async () => {
    const res = await statuses(erp.token, { ids: [mine[0], theirs] }, { 'cpro-account': erp.cproAccount });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([mine[0]]);
    expect(res.body.notFound.ids).toEqual([theirs]);
  });

  it('refuses more than 100 invoices naming the field, and bad ids', async () => {
    const ids = Array.from({ length: 101 }, () => randomUUID());
    const tooMany = await statuses(supplier.owner.token, { ids });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'INVOICING.STATUS_QUERY_TOO_LARGE', field: 'ids', params: { max: 100 } });
    const together = await statuses(supplier.owner.token, { ids: ids.slice(0, 60), numbers: Array.from({ length: 41 }, (_, i) => `N-${i}`) });
    expect(together.status).toBe(400);
    expect(together.body).toMatchObject({ code: 'INVOICING.STATUS_QUERY_TOO_LARGE', field: 'numbers' });
    expect((await statuses(supplier.owner.token, { ids: ids.slice(0, 100) })).status).toBe(200);
    const bad = await statuses(supplier.owner.token, { ids: ['not-a-uuid'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(bad.body.field).toMatch(/^ids/);
  });

  it('costs the same statements for 1 invoice as for 100: one query, not one per invoice', async () => {
    const request = new AsyncLocalStorage<boolean>();
    const seen: string[] = [];
    const knex = t.orm.em.getKnex();
    const listener = (query: { sql: string }) => {
      if (request.getStore()) seen.push(query.sql);
    };
    knex.on('query', listener);
    try {
      const count = async (body: unknown): Promise<number> => {
        seen.length = 0;
        const res = await request.run(true, () => statuses(supplier.owner.token, body));
        expect(res.status).toBe(200);
        return seen.length;
      };
      await count({ ids: [mine[0]] }); // memberships in the cache
      const one = await count({ ids: [mine[0]] });
      const many = await count({ ids: [...mine, draft, theirs, ...Array.from({ length: 90 }, () => randomUUID())], numbers: ['A', 'B', 'C', 'D', 'E', 'F'] });
      expect(one).toBeGreaterThan(0);
      expect(many).toBe(one);
      expect(seen.filter((sql) => /from invoice\b/.test(sql))).toHaveLength(1);
    } finally {
      knex.off('query', listener);
    }
  });
});
