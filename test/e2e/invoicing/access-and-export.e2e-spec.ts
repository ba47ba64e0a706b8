import { givenActiveUser } from '../../factories/accounts';
import { attachMainPdf, createDraft, draftBody, givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenStructure } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

describe('invoice access and export', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'ACHATS' }] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 to a user of another structure on every invoice route', async () => {
    const outsider = await givenActiveUser(t);
    await givenStructure(t, outsider);
    const draftId = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const file = (await attachMainPdf(t, supplier.owner.token, draftId)).body.id;
    const sentId = await givenAvailableInvoice(t, supplier, recipient);
    const token = outsider.token;
    const calls = [
      t.http.get(`/api/v1/invoices/${draftId}`, { token }),
      t.http.get(`/api/v1/invoices/${draftId}/files/${file}`, { token }),
      t.http.patch(`/api/v1/invoices/${draftId}`, { comment: 'pwned' }, { token }),
      t.http.delete(`/api/v1/invoices/${draftId}`, { token }),
      t.http.post(`/api/v1/invoices/${draftId}/duplicate`, undefined, { token }),
      t.http.post(`/api/v1/invoices/${draftId}/submission`, undefined, { token }),
      t.http.get(`/api/v1/invoices/${sentId}`, { token }),
      t.http.get(`/api/v1/invoices/${sentId}/history`, { token }),
      t.http.get(`/api/v1/invoices/${sentId}/allowed-transitions`, { token }),
      t.http.post(`/api/v1/invoices/${sentId}/transitions`, { status: 'REJETEE', reason: 'x' }, { token }),
      t.http.post(`/api/v1/invoices/${sentId}/completion`, {}, { token }),
      t.http.post(`/api/v1/invoices/${sentId}/recycling`, {}, { token }),
      t.http.post(`/api/v1/invoices/${sentId}/rejection-acknowledgement`, undefined, { token }),
      t.http.get(`/api/v1/invoices/${sentId}/document`, { token }),
      t.http.get(`/api/v1/invoices/${sentId}/document`, { token, query: { format: 'ubl' } }),
      t.http.get(`/api/v1/invoices/${sentId}/deposit-certificate`, { token }),
      t.http.get(`/api/v1/invoices/${draftId}/document`, { token }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body.code).toMatch(/^(INVOICING|LIFECYCLE)\.INVOICE_NOT_FOUND$/);
    }
    const search = await t.http.get('/api/v1/invoices', { token, query: { role: 'supplier' } });
    expect(search.body.total).toBe(0);
    expect((await t.http.get('/api/v1/invoices', { token, query: { role: 'recipient' } })).body.total).toBe(0);
    expect((await t.http.get(`/api/v1/invoices/${draftId}`, { token: supplier.owner.token })).body.comment).toBeNull();
  });

  it('hides drafts from the recipient and keeps recipient actions from the supplier', async () => {
    const draftId = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    expect((await t.http.get(`/api/v1/invoices/${draftId}`, { token: recipient.clerk.token })).status).toBe(404);
    const sentId = await givenAvailableInvoice(t, supplier, recipient);
    const res = await t.http.post(`/api/v1/invoices/${sentId}/transitions`, { status: 'SERVICE_FAIT' }, { token: supplier.owner.token });
    expect(res.status).toBe(403);
    const allowed = await t.http.get(`/api/v1/invoices/${sentId}/allowed-transitions`, { token: supplier.owner.token });
    expect(allowed.body).toMatchObject({ side: 'SUPPLIER', allowed: [] });
  });

  it('searches with filters, sorting and pagination', async () => {
    const s = await givenSupplier(t);
    const numbers = ['S-A', 'S-B', 'S-C'].map((n) => `${n}-${Date.now().toString(36)}`);
    for (const [i, number] of numbers.entries()) {
      await createDraft(t, s.owner.token, draftBody(s, recipient, { number, invoiceDate: `2026-0${i + 1}-10`, type: i === 2 ? 'AVOIR' : 'FACTURE' }));
    }
    const page = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { sort: 'invoiceDate', direction: 'asc', pageSize: 2 } });
    expect(page.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.body.items.map((i: { number: string }) => i.number)).toEqual(numbers.slice(0, 2));
    // The next page keeps the order; a page past the end is empty but still tells the total.
    const second = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { sort: 'invoiceDate', direction: 'asc', pageSize: 2, page: 2 } });
    expect(second.body).toMatchObject({ total: 3, page: 2 });
    expect(second.body.items.map((i: { number: string }) => i.number)).toEqual(numbers.slice(2));
    const descending = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { sort: 'invoiceDate', direction: 'desc', pageSize: 3 } });
    expect(descending.body.items.map((i: { number: string }) => i.number)).toEqual([...numbers].reverse());
    const beyond = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { pageSize: 2, page: 9 } });
    expect(beyond.body).toMatchObject({ items: [], total: 3, page: 9 });
    // A page whose OFFSET would not fit PostgreSQL's bigint is refused, not a 500.
    const huge = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { page: '1e300' } });
    expect(huge.status).toBe(400);
    expect(huge.body.errors ?? huge.body.details ?? huge.body).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'page' })]));
    const avoir = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { type: 'AVOIR' } });
    expect(avoir.body.items.map((i: { number: string }) => i.number)).toEqual([numbers[2]]);
    const range = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { dateFrom: '2026-02-01', dateTo: '2026-02-28' } });
    expect(range.body.items.map((i: { number: string }) => i.number)).toEqual([numbers[1]]);
    const drafts = await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { status: 'BROUILLON,DEPOSEE', number: numbers[0] } });
    expect(drafts.body.total).toBe(1);
    expect((await t.http.get('/api/v1/invoices', { token: s.owner.token, query: { role: 'owner' } })).status).toBe(400);
  });

  it('exports CSV of exactly the caller’s invoices, across cursor batches', async () => {
    const s = await givenSupplier(t);
    const id = await givenAvailableInvoice(t, s, recipient, { number: 'CSV;"1"', recipientServiceCode: 'ACHATS' });
    // 1,100 more rows written directly: more than two cursor batches.
    await t.orm.em.getConnection().execute(
      `insert into invoice (id, supplier_structure_id, billing_framework, number, invoice_date, currency, type, total_excl_tax, total_vat, total_incl_tax, amount_due,
         vat_breakdown, lines, deposit_mode, status, supplier_status, status_changed_at, created_at, updated_at)
       select gen_random_uuid(), ?, 'A1_FACTURE_FOURNISSEUR', 'BULK-' || g, date '2026-01-01', 'EUR', 'FACTURE', 10, 2, 12, 12, '[]', '[]', 'SAISIE_WEB',
         'BROUILLON', 'BROUILLON', now(), now(), now() from generate_series(1, 1100) g`,
      [s.id],
    );
    const res = await t.http.get('/api/v1/invoices/export', { token: s.owner.token, query: { role: 'supplier' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'identifiant;numero;date_facture;type;statut;cadre_facturation;fournisseur;identifiant_fournisseur;destinataire;identifiant_destinataire;code_service;numero_engagement;devise;montant_ht;montant_tva;montant_ttc;montant_a_payer;date_depot;date_statut;en_retard',
    );
    expect(lines).toHaveLength(1 + 1101);
    const row = lines.find((l) => l.includes('CSV'))!;
    const invoice = (await t.http.get(`/api/v1/invoices/${id}`, { token: s.owner.token })).body;
    const [supplierName, recipientName] = await Promise.all(
      [s.id, recipient.id].map(async (sid) => (await t.http.get(`/api/v1/structures/${sid}`, { token: sid === s.id ? s.owner.token : recipient.manager.token })).body.companyName as string),
    );
    expect(row.startsWith(
      `${invoice.publicId};"CSV;""1""";2026-03-15;FACTURE;MISE_A_DISPOSITION;A1_FACTURE_FOURNISSEUR;${supplierName};${s.identifier};${recipientName};${recipient.identifier};ACHATS;;EUR;1000.00;200.00;1200.00;1200.00;`,
    )).toBe(true);
    expect(lines.filter((l) => l.includes('BULK-'))).toHaveLength(1100);
    // Bulk drafts have no recipient: its columns stay empty; the supplier is named on every row.
    expect(lines.find((l) => l.includes(';BULK-1;'))!.split(';').slice(6, 10)).toEqual([supplierName, s.identifier, '', '']);

    const filtered = await t.http.get('/api/v1/invoices/export', { token: s.owner.token, query: { number: 'BULK-7' } });
    expect(filtered.text.trimEnd().split('\r\n')).toHaveLength(2);
    // The recipient's export has the submitted invoice, not the supplier's drafts; an outsider's is empty.
    const received = await t.http.get('/api/v1/invoices/export', { token: recipient.clerk.token, query: { role: 'recipient' } });
    expect(received.text).toContain('"CSV;""1"""');
    expect(received.text).not.toContain('BULK-');
    const outsider = await givenActiveUser(t);
    expect((await t.http.get('/api/v1/invoices/export', { token: outsider.token })).text.trimEnd().split('\r\n')).toHaveLength(1);
  });
});

describe('invoice API document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents every invoice route with a unique operation id and its problems', async () => {
    const doc = (await t.http.get('/docs/openapi.json')).body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>).flatMap(
      ([path, methods]) => Object.values(methods).map((op) => ({ path, ...op })),
    );
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const invoiceRoutes = operations.filter((o) => o.path.startsWith('/api/v1/invoices'));
    expect(invoiceRoutes.length).toBeGreaterThanOrEqual(17);
    for (const op of invoiceRoutes) expect(op.responses['401']).toBeDefined();
  });
});
