import { attachMainPdf, createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/** Recipients filter their inbox by service and by "downloaded or not" (DOMAIN.md: recipient search). */
describe('recipient search filters', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let toAccounting: string;
  let toWorks: string;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'COMPTA' }, { code: 'TRAVAUX' }] });
    const send = async (serviceCode: string): Promise<string> => {
      const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { recipientServiceCode: serviceCode }));
      expect((await attachMainPdf(t, supplier.owner.token, id)).status).toBe(201);
      expect((await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token })).status).toBe(204);
      await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
      return id;
    };
    toAccounting = await send('COMPTA');
    toWorks = await send('TRAVAUX');
  });
  afterAll(async () => {
    await t?.close();
  });

  const idsFor = async (query: Record<string, string>): Promise<string[]> => {
    const res = await t.http.get('/api/v1/invoices', { token: recipient.clerk.token, query: { role: 'recipient', ...query } });
    expect(res.status).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id).sort();
  };

  it('filters by the recipient service the invoice was routed to', async () => {
    expect(await idsFor({ recipientServiceCode: 'COMPTA' })).toEqual([toAccounting]);
    expect(await idsFor({ recipientServiceCode: 'TRAVAUX' })).toEqual([toWorks]);
  });

  it('lists each invoice with the instants its own page shows, in ISO 8601 UTC with milliseconds', async () => {
    const listed = (await t.http.get('/api/v1/invoices', { token: recipient.clerk.token, query: { role: 'recipient', sort: 'submittedAt' } })).body.items;
    expect(listed).toHaveLength(2);
    for (const item of listed) {
      const detail = (await t.http.get(`/api/v1/invoices/${item.id}`, { token: recipient.clerk.token })).body;
      expect(item.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect({ submittedAt: item.submittedAt, statusChangedAt: item.statusChangedAt }).toEqual({ submittedAt: detail.submittedAt, statusChangedAt: detail.statusChangedAt });
    }
    // Sorted on the instants themselves: the later submission first.
    expect(listed.map((i: { id: string }) => i.id)).toEqual([toWorks, toAccounting]);
  });

  it('tells downloaded invoices from the others, counting only recipient-side downloads', async () => {
    expect(await idsFor({ downloaded: 'false' })).toEqual([toAccounting, toWorks].sort());
    expect(await idsFor({ downloaded: 'true' })).toEqual([]);

    const invoice = (await t.http.get(`/api/v1/invoices/${toAccounting}`, { token: supplier.owner.token })).body;
    const fileId = invoice.files[0].id as string;
    // The supplier downloading its own file does not count.
    expect((await t.http.get(`/api/v1/invoices/${toAccounting}/files/${fileId}`, { token: supplier.owner.token })).status).toBe(200);
    expect(await idsFor({ downloaded: 'true' })).toEqual([]);

    const download = await t.http.get(`/api/v1/invoices/${toAccounting}/files/${fileId}`, { token: recipient.clerk.token });
    expect(download.status).toBe(200);
    expect(download.text.startsWith('%PDF-')).toBe(true);
    expect(await idsFor({ downloaded: 'true' })).toEqual([toAccounting]);
    expect(await idsFor({ downloaded: 'false' })).toEqual([toWorks]);
  });
});
