import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { attachMainPdf, createDraft, draftBody, givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/** Members attached at service level see only their service's invoices, on both sides. */
describe('invoice scoping for members attached to a service', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const supplierServices: Record<string, string> = {};
  let salesClerk: GivenUser;
  let buyer: GivenUser;
  let ids: { a: string; b: string; none: string };

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    for (const code of ['VENTES', 'SAV']) {
      const res = await t.http.post(
        `/api/v1/structures/${supplier.id}/services`,
        { code, label: `Service ${code}`, activationStart: '2020-01-01', active: true },
        { token: supplier.owner.token },
      );
      supplierServices[code] = res.body.id;
    }
    recipient = await givenPublicRecipient(t, { services: [{ code: 'ACHATS' }, { code: 'TRAVAUX' }] });
    salesClerk = await givenActiveUser(t, { firstName: 'Vendeur' });
    await givenMember(t, supplier.owner, supplier.id, salesClerk, 'VENTES');
    buyer = await givenActiveUser(t, { firstName: 'Acheteur' });
    await givenMember(t, recipient.manager, recipient.id, buyer, 'ACHATS');
    ids = {
      a: await givenAvailableInvoice(t, supplier, recipient, { supplierServiceId: supplierServices.VENTES, recipientServiceCode: 'ACHATS' }),
      b: await givenAvailableInvoice(t, supplier, recipient, { supplierServiceId: supplierServices.SAV, recipientServiceCode: 'TRAVAUX' }),
      none: await givenAvailableInvoice(t, supplier, recipient),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const idsOf = (body: { items: { id: string }[] }): string[] => body.items.map((i) => i.id).sort();

  it('scopes the supplier-side search, export and reads to the member’s service', async () => {
    const search = await t.http.get('/api/v1/invoices', { token: salesClerk.token, query: { role: 'supplier' } });
    expect(search.body.total).toBe(1);
    expect(idsOf(search.body)).toEqual([ids.a]);
    const csv = (await t.http.get('/api/v1/invoices/export', { token: salesClerk.token, query: { role: 'supplier' } })).text.trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect((await t.http.get(`/api/v1/invoices/${ids.a}`, { token: salesClerk.token })).status).toBe(200);
    for (const other of [ids.b, ids.none]) {
      expect((await t.http.get(`/api/v1/invoices/${other}`, { token: salesClerk.token })).status).toBe(404);
      expect((await t.http.get(`/api/v1/invoices/${other}/history`, { token: salesClerk.token })).status).toBe(404);
    }
    // The structure-level owner still sees everything.
    expect((await t.http.get('/api/v1/invoices', { token: supplier.owner.token, query: { role: 'supplier' } })).body.total).toBe(3);
  });

  it('scopes bulk status to the member’s service, on both sides, like single reads', async () => {
    const ask = async (token: string) => (await t.http.post('/api/v1/invoices/statuses', { ids: [ids.a, ids.b, ids.none] }, { token })).body;
    const sales = await ask(salesClerk.token);
    expect(sales.items.map((i: { id: string; side: string }) => [i.id, i.side])).toEqual([[ids.a, 'SUPPLIER']]);
    expect(sales.notFound.ids).toEqual([ids.b, ids.none]);
    const buying = await ask(buyer.token);
    expect(buying.items.map((i: { id: string; side: string }) => [i.id, i.side])).toEqual([[ids.a, 'RECIPIENT']]);
    expect((await ask(supplier.owner.token)).items).toHaveLength(3);
  });

  it('scopes the recipient-side search, export and reads to the service invoices are routed to', async () => {
    const search = await t.http.get('/api/v1/invoices', { token: buyer.token, query: { role: 'recipient' } });
    expect(idsOf(search.body)).toEqual([ids.a]);
    const csv = (await t.http.get('/api/v1/invoices/export', { token: buyer.token, query: { role: 'recipient' } })).text.trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect((await t.http.get(`/api/v1/invoices/${ids.a}`, { token: buyer.token })).body.side).toBe('RECIPIENT');
    expect((await t.http.get(`/api/v1/invoices/${ids.b}`, { token: buyer.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/invoices/${ids.none}`, { token: buyer.token })).status).toBe(404);
    expect((await t.http.get('/api/v1/invoices', { token: recipient.clerk.token, query: { role: 'recipient' } })).body.total).toBe(3);
  });

  it('lets a service member draft invoices for his service only', async () => {
    const without = await t.http.post('/api/v1/invoices', draftBody(supplier, recipient), { token: salesClerk.token });
    expect(without.status).toBe(403);
    const other = await t.http.post('/api/v1/invoices', draftBody(supplier, recipient, { supplierServiceId: supplierServices.SAV }), { token: salesClerk.token });
    expect(other.status).toBe(403);
    const id = await createDraft(t, salesClerk.token, draftBody(supplier, recipient, { supplierServiceId: supplierServices.VENTES }));
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: salesClerk.token })).status).toBe(200);
  });

  it('does not let a service member move his draft to another service, or off every service', async () => {
    const id = await createDraft(t, salesClerk.token, draftBody(supplier, recipient, { supplierServiceId: supplierServices.VENTES }));
    for (const supplierServiceId of [supplierServices.SAV, null]) {
      const moved = await t.http.patch(`/api/v1/invoices/${id}`, { supplierServiceId }, { token: salesClerk.token });
      expect(moved.status).toBe(403);
    }
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: salesClerk.token })).body.supplierServiceId).toBe(supplierServices.VENTES);
    // The structure-level owner still moves it.
    expect((await t.http.patch(`/api/v1/invoices/${id}`, { supplierServiceId: supplierServices.SAV }, { token: supplier.owner.token })).status).toBe(204);
  });

  it('scopes the lifecycle by the service a draft is in now, not the one it was started in', async () => {
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { supplierServiceId: supplierServices.VENTES }));
    expect((await t.http.patch(`/api/v1/invoices/${id}`, { supplierServiceId: supplierServices.SAV }, { token: supplier.owner.token })).status).toBe(204);
    // The draft left the service: gone from its members' worklist and history at once.
    expect((await t.http.get('/api/v1/invoices/worklist', { token: salesClerk.token })).body.map((i: { invoiceId: string }) => i.invoiceId)).not.toContain(id);
    expect((await t.http.get(`/api/v1/invoices/${id}/history`, { token: salesClerk.token })).status).toBe(404);
    await attachMainPdf(t, supplier.owner.token, id);
    expect((await t.http.post(`/api/v1/invoices/${id}/submission`, {}, { token: supplier.owner.token })).status).toBe(204);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: salesClerk.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/invoices/${id}/history`, { token: salesClerk.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/invoices/${id}/history`, { token: supplier.owner.token })).status).toBe(200);
  });
});
