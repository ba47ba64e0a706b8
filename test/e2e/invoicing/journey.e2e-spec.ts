import { TINY_PDF } from '../../factories/organisation';
import {
  attachMainPdf,
  createDraft,
  draftBody,
  givenAvailableInvoice,
  givenPublicRecipient,
  givenSupplier,
  PublicRecipient,
  Supplier,
  waitForStatus,
} from '../../factories/invoicing';
import { multipart } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

describe('invoice journey', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { paymentDelayDays: 30, services: [{ code: 'ACHATS' }, { code: 'TRAVAUX' }] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, body: unknown, token: string) => t.http.post(path, body, { token });

  it('enters, attaches, sends; the worker makes it available; suspended, completed, mandated, paid — with history and mails', async () => {
    const token = supplier.owner.token;
    const id = await createDraft(t, token, draftBody(supplier, recipient, { depositMode: 'DEPOT_PDF_WEB', recipientServiceCode: 'ACHATS' }));

    const draft = await t.http.get(`/api/v1/invoices/${id}`, { token });
    expect(draft.body).toMatchObject({ status: 'BROUILLON', reformCode: null, side: 'SUPPLIER', totalInclTax: '1200.00' });
    expect(Number.isInteger(draft.body.publicId)).toBe(true);

    // A PDF deposit needs its main file.
    expect((await post(`/api/v1/invoices/${id}/submission`, undefined, token)).body).toMatchObject({ code: 'INVOICING.MAIN_FILE_REQUIRED' });
    const upload = await attachMainPdf(t, token, id);
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ kind: 'main', mediaType: 'application/pdf', size: TINY_PDF.length });
    const download = await t.http.get(`/api/v1/invoices/${id}/files/${upload.body.id}`, { token });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(download.text, 'binary').subarray(0, 5).toString()).toBe('%PDF-');

    const patched = await t.http.patch(`/api/v1/invoices/${id}`, { comment: 'Livraison de mars' }, { token });
    expect(patched.status).toBe(204);

    expect((await post(`/api/v1/invoices/${id}/submission`, undefined, token)).status).toBe(204);
    expect((await t.http.patch(`/api/v1/invoices/${id}`, { comment: 'x' }, { token })).body).toMatchObject({ code: 'INVOICING.NOT_A_DRAFT' });

    const available = await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
    expect(available).toMatchObject({ side: 'RECIPIENT', reformCode: 203, overdue: false, comment: 'Livraison de mars' });
    expect(available.paymentDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The delay counts from the day in France the invoice was made available (not the UTC date).
    const parisDay = new Date(available.madeAvailableAt).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    const days = (Date.parse(available.paymentDeadline) - Date.parse(parisDay)) / 86_400_000;
    expect(days).toBe(30);
    await t.mail.waitForTemplate(recipient.clerk.email, 'invoicing.invoice-received');

    // The recipient sees the invoice in its search, the supplier in its own.
    const received = await t.http.get('/api/v1/invoices', { token: recipient.clerk.token, query: { role: 'recipient', status: 'MISE_A_DISPOSITION' } });
    expect(received.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const allowed = await t.http.get(`/api/v1/invoices/${id}/allowed-transitions`, { token: recipient.clerk.token });
    expect(allowed.body).toMatchObject({ side: 'RECIPIENT', status: 'MISE_A_DISPOSITION' });
    expect(allowed.body.allowed).toEqual(expect.arrayContaining(['SUSPENDUE', 'A_RECYCLER', 'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT']));

    // Suspension needs a reason.
    expect((await post(`/api/v1/invoices/${id}/transitions`, { status: 'SUSPENDUE' }, recipient.clerk.token)).body).toMatchObject({ code: 'LIFECYCLE.REASON_REQUIRED', field: 'reason' });
    const suspended = await post(`/api/v1/invoices/${id}/transitions`, { status: 'SUSPENDUE', reason: 'Bon de livraison manquant' }, recipient.clerk.token);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDUE', reformCode: 208 });
    const mail = await t.mail.waitForTemplate(supplier.owner.email, 'invoicing.invoice-status-changed');
    expect(mail.text).toContain('Bon de livraison manquant');

    // The worklist shows it; the supplier adds a file and completes.
    const worklist = await t.http.get('/api/v1/invoices/worklist', { token });
    expect(worklist.body).toEqual(expect.arrayContaining([expect.objectContaining({ invoiceId: id, status: 'SUSPENDUE' })]));
    const extra = multipart({ kind: 'additional' }, { name: 'bon-livraison.txt', type: 'text/plain', content: Buffer.from('BL 42') });
    expect((await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token, ...extra })).status).toBe(201);
    const completed = await post(`/api/v1/invoices/${id}/completion`, { comment: 'Bon de livraison ajouté' }, token);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'COMPLETEE', reformCode: 209 });

    // Mandate number is required for MANDATEE.
    expect((await post(`/api/v1/invoices/${id}/transitions`, { status: 'MANDATEE' }, recipient.clerk.token)).body).toMatchObject({ code: 'LIFECYCLE.MANDATE_NUMBER_REQUIRED' });
    expect((await post(`/api/v1/invoices/${id}/transitions`, { status: 'MANDATEE', mandateNumber: 'M-2026-7' }, recipient.clerk.token)).status).toBe(200);
    const paid = await post(`/api/v1/invoices/${id}/transitions`, { status: 'MISE_EN_PAIEMENT' }, recipient.clerk.token);
    expect(paid.body).toMatchObject({ status: 'MISE_EN_PAIEMENT', reformCode: 211 });
    await t.mail.waitFor((m) => m.to.includes(supplier.owner.email) && m.template === 'invoicing.invoice-status-changed' && m.subject.includes('Mise en paiement'));

    // Illegal transitions are refused with the allowed list (final status: none).
    const illegal = await post(`/api/v1/invoices/${id}/transitions`, { status: 'SERVICE_FAIT' }, recipient.clerk.token);
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'LIFECYCLE.ILLEGAL_TRANSITION' });

    const history = await t.http.get(`/api/v1/invoices/${id}/history`, { token });
    expect(history.body.map((h: { status: string }) => h.status)).toEqual([
      'MISE_EN_PAIEMENT', 'MANDATEE', 'COMPLETEE', 'SUSPENDUE', 'MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT', 'DEPOSEE', 'BROUILLON',
    ]);
    expect(history.body[1]).toMatchObject({ mandateNumber: 'M-2026-7', actorKind: 'user', actorId: recipient.clerk.id, structureId: recipient.id });
    expect(history.body[3]).toMatchObject({ comment: 'Bon de livraison manquant', reformCode: 208 });
    expect(history.body[5]).toMatchObject({ actorKind: 'system', reformCode: 201 });
  });

  it('an invoice sent back for recycling is re-routed to the right service with the same number', async () => {
    const id = await givenAvailableInvoice(t, supplier, recipient, { recipientServiceCode: 'TRAVAUX' });
    const before = (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body;
    const sent = await post(`/api/v1/invoices/${id}/transitions`, { status: 'A_RECYCLER', reason: 'Mauvais service : ACHATS' }, recipient.clerk.token);
    expect(sent.body).toMatchObject({ status: 'A_RECYCLER', reformCode: 213, paymentDeadline: before.paymentDeadline });
    await t.mail.waitFor((m) => m.to.includes(supplier.owner.email) && m.template === 'invoicing.invoice-status-changed' && m.text.includes('Mauvais service'));

    const wrong = await post(`/api/v1/invoices/${id}/recycling`, { recipientServiceCode: 'NOPE' }, supplier.owner.token);
    expect(wrong.body).toMatchObject({ code: 'INVOICING.SERVICE_NOT_FOUND', field: 'recipientServiceCode' });
    const recycled = await post(`/api/v1/invoices/${id}/recycling`, { recipientServiceCode: 'ACHATS' }, supplier.owner.token);
    expect(recycled.status).toBe(200);
    const after = await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
    expect(after).toMatchObject({ number: before.number, recipientServiceCode: 'ACHATS', recipientServiceId: recipient.services.ACHATS });
    const history = (await t.http.get(`/api/v1/invoices/${id}/history`, { token: supplier.owner.token })).body.map((h: { status: string }) => h.status);
    expect(history.slice(0, 4)).toEqual(['MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT', 'DEPOSEE', 'A_RECYCLER']);
  });

  it('a rejected invoice is acknowledged once and leaves the worklist', async () => {
    const id = await givenAvailableInvoice(t, supplier, recipient);
    expect((await post(`/api/v1/invoices/${id}/transitions`, { status: 'REJETEE', reason: 'Prestation non commandée' }, recipient.clerk.token)).body).toMatchObject({ reformCode: 210 });
    await t.mail.waitFor((m) => m.to.includes(supplier.owner.email) && m.subject.includes('Rejetée') && m.text.includes('Prestation non commandée'));
    const worklist = async () => (await t.http.get('/api/v1/invoices/worklist', { token: supplier.owner.token })).body.map((w: { invoiceId: string }) => w.invoiceId);
    expect(await worklist()).toContain(id);
    const ack = await post(`/api/v1/invoices/${id}/rejection-acknowledgement`, undefined, supplier.owner.token);
    expect(ack.body).toMatchObject({ status: 'REJETEE', rejectionAcknowledged: true });
    expect((await post(`/api/v1/invoices/${id}/rejection-acknowledgement`, undefined, supplier.owner.token)).body).toMatchObject({ code: 'LIFECYCLE.ALREADY_ACKNOWLEDGED' });
    expect(await worklist()).not.toContain(id);
    // The recipient may not acknowledge (supplier action): 404 for the recipient? It can read, so 403.
    expect((await post(`/api/v1/invoices/${id}/rejection-acknowledgement`, undefined, recipient.clerk.token)).status).toBe(403);
  });

  it('hides MISE_EN_PAIEMENT from the supplier when the recipient does not report it', async () => {
    const silent = await givenPublicRecipient(t, { parameters: { paymentStatusNotReported: true } });
    const id = await givenAvailableInvoice(t, supplier, silent);
    expect((await post(`/api/v1/invoices/${id}/transitions`, { status: 'MISE_EN_PAIEMENT' }, silent.clerk.token)).status).toBe(200);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: silent.clerk.token })).body.status).toBe('MISE_EN_PAIEMENT');
    const seen = (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body;
    expect(seen.status).toBe('MISE_A_DISPOSITION');
    const history = (await t.http.get(`/api/v1/invoices/${id}/history`, { token: supplier.owner.token })).body;
    expect(history.map((h: { status: string }) => h.status)).not.toContain('MISE_EN_PAIEMENT');
    const search = await t.http.get('/api/v1/invoices', { token: supplier.owner.token, query: { status: 'MISE_EN_PAIEMENT' } });
    expect(search.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('duplicates an invoice into a new draft and deletes drafts only', async () => {
    const id = await givenAvailableInvoice(t, supplier, recipient);
    const copy = await post(`/api/v1/invoices/${id}/duplicate`, undefined, supplier.owner.token);
    expect(copy.status).toBe(201);
    const draft = (await t.http.get(`/api/v1/invoices/${copy.body.id}`, { token: supplier.owner.token })).body;
    expect(draft).toMatchObject({ status: 'BROUILLON', number: null, totalInclTax: '1200.00', recipientStructureId: recipient.id });
    expect((await t.http.delete(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body).toMatchObject({ code: 'INVOICING.NOT_A_DRAFT' });
    expect((await t.http.delete(`/api/v1/invoices/${copy.body.id}`, { token: supplier.owner.token })).status).toBe(204);
    expect((await t.http.get(`/api/v1/invoices/${copy.body.id}`, { token: supplier.owner.token })).status).toBe(404);
  });

  it('lets a user opt out of one kind of invoice e-mail', async () => {
    const prefs = await t.http.get('/api/v1/me/invoice-notifications', { token: recipient.clerk.token });
    expect(prefs.body).toEqual(expect.arrayContaining([{ kind: 'INVOICE_RECEIVED', enabled: true }]));
    expect((await t.http.put('/api/v1/me/invoice-notifications', { kind: 'INVOICE_RECEIVED', enabled: false }, { token: recipient.clerk.token })).status).toBe(204);
    const number = `OPT-${Date.now().toString(36)}`;
    const count = (email: string) => t.mail.count((m) => m.to.includes(email) && m.template === 'invoicing.invoice-received' && m.text.includes(number));
    await givenAvailableInvoice(t, supplier, recipient, { number });
    // The principal manager still gets it (same job, same loop): once it is there, the clerk's would be too.
    await t.mail.waitFor(() => count(recipient.manager.email) === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(count(recipient.clerk.email)).toBe(0);
    await t.http.put('/api/v1/me/invoice-notifications', { kind: 'INVOICE_RECEIVED', enabled: true }, { token: recipient.clerk.token });
  });

  it('flags an invoice overdue the day after its payment deadline, not while suspended', async () => {
    const id = await givenAvailableInvoice(t, supplier, recipient);
    const fresh = (await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).body;
    expect(fresh.overdue).toBe(false);
    // Moving the clock would expire the session tokens: move the deadline instead.
    await t.orm.em.getConnection().execute(`update invoice_lifecycle set payment_deadline = current_date - 1 where invoice_id = ?`, [id]);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).body.overdue).toBe(true);
    await post(`/api/v1/invoices/${id}/transitions`, { status: 'SUSPENDUE', reason: 'Pièce manquante' }, recipient.clerk.token);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).body.overdue).toBe(false);
  });
});
