import { waitUntil } from '../../factories/accounts';
import { givenEngagement } from '../../factories/engagements';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { multipartParts } from '../../factories/organisation';
import { mailsTo, waitForMails } from '../../factories/support';
import { SeedRunner } from '../../../src/shared/seed/seed-runner';
import { sql } from '../accounts/helpers';
import { startTestApp, TestApp } from '../../support/test-app';

/** Issue 19, engagements: the public structure records them, its supplier finds them and invoices against them. */
describe('engagements', () => {
  let t: TestApp;
  let supplier: Supplier;
  let stranger: Supplier;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    stranger = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { parameters: { engagementRequired: true }, services: [{ code: 'ACHATS' }] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const total = (ttc: string) => {
    const excl = (Number(ttc) / 1.2).toFixed(2);
    const vat = (Number(ttc) - Number(excl)).toFixed(2);
    return { totalExclTax: excl, totalVat: vat, totalInclTax: ttc, amountDue: ttc, vatBreakdown: [{ rate: '20', taxableAmount: excl, vatAmount: vat }] };
  };
  const draft = (engagementNumber: string, ttc: string, overrides: Record<string, unknown> = {}) =>
    createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { engagementNumber, ...total(ttc), ...overrides }));
  const submit = (id: string) => t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token });
  const engagementOf = async (id: string, token = recipient.manager.token) => (await t.http.get(`/api/v1/engagements/${id}`, { token })).body;

  it('is recorded by the public structure, found by its supplier (and by nobody else), consumed by invoices up to its amount', async () => {
    const created = await t.http.post(
      '/api/v1/engagements',
      { structureId: recipient.id, number: 'EJ-JOURNEY-1', notificationDate: '2026-02-01', amount: '2000.00', supplierIdentifier: supplier.identifier, serviceCode: 'ACHATS', label: 'Fournitures' },
      { token: recipient.manager.token },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: 'EJ-JOURNEY-1', status: 'ACTIVE', amount: '2000.00', consumed: '0.00', remaining: '2000.00', supplierStructureId: supplier.id, serviceCode: 'ACHATS', sides: ['ISSUER'] });
    const id = created.body.id as string;

    // Its supplier's members are told by e-mail (the real platform transmits orders to suppliers).
    await waitForMails(t, supplier.owner.email, 'engagements.engagement-received');
    expect(mailsTo(t, supplier.owner.email, 'engagements.engagement-received')[0]!.text).toContain('EJ-JOURNEY-1 (2000.00 EUR TTC)');
    expect(mailsTo(t, stranger.owner.email, 'engagements.engagement-received')).toHaveLength(0);

    // The supplier finds it among those made to it; another supplier neither finds nor reads it.
    const received = await t.http.get('/api/v1/engagements?side=received', { token: supplier.owner.token });
    expect(received.body.items.map((e: { number: string }) => e.number)).toEqual(['EJ-JOURNEY-1']);
    expect((await engagementOf(id, supplier.owner.token)).sides).toEqual(['SUPPLIER']);
    expect((await t.http.get('/api/v1/engagements', { token: stranger.owner.token })).body.total).toBe(0);
    expect((await t.http.get(`/api/v1/engagements/${id}`, { token: stranger.owner.token })).status).toBe(404);
    // Only its issuer changes it.
    expect((await t.http.patch(`/api/v1/engagements/${id}`, { amount: '1.00' }, { token: supplier.owner.token })).status).toBe(403);

    // A first invoice consumes its total incl. VAT.
    const first = await draft('EJ-JOURNEY-1', '1200.00', { recipientServiceCode: 'ACHATS' });
    expect((await submit(first)).status).toBe(204);
    let engagement = await engagementOf(id);
    expect(engagement).toMatchObject({ consumed: '1200.00', remaining: '800.00' });
    expect(engagement.invoices).toEqual([expect.objectContaining({ invoiceId: first, amount: '1200.00', counts: true, releasedAt: null })]);

    // A second one would exceed what is left: refused on engagementNumber, and it stays a draft.
    const second = await draft('EJ-JOURNEY-1', '900.00');
    const exceeded = await submit(second);
    expect(exceeded.status).toBe(400);
    expect(exceeded.body).toMatchObject({ code: 'ENGAGEMENTS.EXCEEDED', field: 'engagementNumber', params: { number: 'EJ-JOURNEY-1', amount: '900.00', remaining: '800.00' } });
    expect((await t.http.get(`/api/v1/invoices/${second}`, { token: supplier.owner.token })).body.status).toBe('BROUILLON');
    expect((await engagementOf(id)).consumed).toBe('1200.00');

    // Unknown numbers, and numbers made to another supplier, are refused alike.
    const other = await givenEngagement(t, recipient, stranger);
    expect((await submit(await draft('EJ-NOPE', '10.00'))).body).toMatchObject({ code: 'ENGAGEMENTS.UNKNOWN_FOR_SUPPLIER', field: 'engagementNumber' });
    expect((await submit(await draft(other.number, '10.00'))).body).toMatchObject({ code: 'ENGAGEMENTS.UNKNOWN_FOR_SUPPLIER', field: 'engagementNumber' });
    // Another currency.
    expect((await submit(await draft('EJ-JOURNEY-1', '10.00', { currency: 'USD' }))).body).toMatchObject({ code: 'ENGAGEMENTS.CURRENCY_MISMATCH' });

    // The amount never goes below what is consumed; a used engagement keeps its number and cannot be deleted.
    expect((await t.http.patch(`/api/v1/engagements/${id}`, { amount: '1000.00' }, { token: recipient.manager.token })).body.code).toBe('ENGAGEMENTS.AMOUNT_BELOW_CONSUMED');
    expect((await t.http.patch(`/api/v1/engagements/${id}`, { number: 'EJ-OTHER' }, { token: recipient.manager.token })).body.code).toBe('ENGAGEMENTS.FROZEN_ONCE_USED');
    expect((await t.http.delete(`/api/v1/engagements/${id}`, { token: recipient.manager.token })).body.code).toBe('ENGAGEMENTS.IN_USE');

    // Rejected, the first invoice stops counting (the worker releases it): the second now fits.
    await waitForStatus(t, recipient.clerk.token, first, 'MISE_A_DISPOSITION');
    const rejected = await t.http.post(`/api/v1/invoices/${first}/transitions`, { status: 'REJETEE', reason: 'Prestation non conforme' }, { token: recipient.clerk.token });
    expect(rejected.status).toBe(200);
    await waitUntil(async () => {
      await t.flushOutbox();
      return (await engagementOf(id)).consumed === '0.00';
    });
    engagement = await engagementOf(id);
    expect(engagement.invoices[0]).toMatchObject({ invoiceId: first, counts: false, releaseReason: 'REJETEE' });
    expect((await submit(second)).status).toBe(204);
    expect((await engagementOf(id)).remaining).toBe('1100.00');

    // Deactivated by its issuer, it takes no new invoice.
    const inactive = await t.http.patch(`/api/v1/engagements/${id}`, { status: 'INACTIVE' }, { token: recipient.manager.token });
    expect(inactive.body).toMatchObject({ status: 'INACTIVE', remaining: '1100.00' });
    expect((await submit(await draft('EJ-JOURNEY-1', '10.00'))).body).toMatchObject({ code: 'ENGAGEMENTS.NOT_ACTIVE', field: 'engagementNumber' });

    // Invoices, their search and their export show the engagement number.
    expect((await t.http.get(`/api/v1/invoices/${second}`, { token: supplier.owner.token })).body.engagementNumber).toBe('EJ-JOURNEY-1');
    const found = await t.http.get('/api/v1/invoices?role=recipient&engagementNumber=EJ-JOURNEY-1', { token: recipient.clerk.token });
    expect(found.body.items.map((i: { id: string }) => i.id).sort()).toEqual([first, second].sort());
    expect(found.body.items.every((i: { engagementNumber: string }) => i.engagementNumber === 'EJ-JOURNEY-1')).toBe(true);
    const exported = await t.http.get('/api/v1/invoices/export?role=recipient&engagementNumber=EJ-JOURNEY-1', { token: recipient.clerk.token });
    const [header, ...rows] = exported.text.replace('\uFEFF', '').trim().split('\r\n').map((l) => l.split(';'));
    const column = header!.indexOf('numero_engagement');
    expect(rows.map((r) => r[column])).toEqual(['EJ-JOURNEY-1', 'EJ-JOURNEY-1']);
  });

  it('moves a recycled invoice’s consumption to the engagement it then names', async () => {
    const a = await givenEngagement(t, recipient, supplier, { amount: '500.00' });
    const b = await givenEngagement(t, recipient, supplier, { amount: '500.00' });
    const id = await draft(a.number, '300.00');
    expect((await submit(id)).status).toBe(204);
    await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
    const back = await t.http.post(`/api/v1/invoices/${id}/transitions`, { status: 'A_RECYCLER', reason: 'Mauvais engagement' }, { token: recipient.clerk.token });
    expect(back.status).toBe(200);
    // Recycled to an engagement with too little left: refused, nothing moves.
    const small = await givenEngagement(t, recipient, supplier, { amount: '100.00' });
    const refused = await t.http.post(`/api/v1/invoices/${id}/recycling`, { engagementNumber: small.number }, { token: supplier.owner.token });
    expect(refused.body).toMatchObject({ code: 'ENGAGEMENTS.EXCEEDED', field: 'engagementNumber' });
    expect((await engagementOf(a.id)).consumed).toBe('300.00');
    const recycled = await t.http.post(`/api/v1/invoices/${id}/recycling`, { engagementNumber: b.number }, { token: supplier.owner.token });
    expect(recycled.status).toBe(200);
    expect(await engagementOf(a.id)).toMatchObject({ consumed: '0.00', invoices: [expect.objectContaining({ counts: false, releaseReason: 'RECYCLED' })] });
    expect(await engagementOf(b.id)).toMatchObject({ consumed: '300.00', invoices: [expect.objectContaining({ invoiceId: id, counts: true })] });
  });

  it('lets concurrent invoices consume at most what is left', async () => {
    const e = await givenEngagement(t, recipient, supplier, { amount: '1000.00' });
    const drafts = await Promise.all([1, 2, 3, 4, 5].map(() => draft(e.number, '300.00')));
    const answers = await Promise.all(drafts.map((id) => submit(id)));
    expect(answers.filter((r) => r.status === 204)).toHaveLength(3);
    const refusals = answers.filter((r) => r.status !== 204);
    expect(refusals.map((r) => r.body.code)).toEqual(['ENGAGEMENTS.EXCEEDED', 'ENGAGEMENTS.EXCEEDED']);
    expect(await engagementOf(e.id)).toMatchObject({ consumed: '900.00', remaining: '100.00' });
    // Two racing for the last 100: one wins.
    const last = await Promise.all([draft(e.number, '100.00'), draft(e.number, '100.00')]);
    const race = await Promise.all(last.map((id) => submit(id)));
    expect(race.map((r) => r.status).sort()).toEqual([204, 400]);
    expect(await engagementOf(e.id)).toMatchObject({ consumed: '1000.00', remaining: '0.00' });
  });

  it('gives back nothing it did not keep: a submission refused after the charge (duplicate number) leaves the engagement as it was', async () => {
    const e = await givenEngagement(t, recipient, supplier, { amount: '1000.00' });
    const number = `DUP-${Date.now().toString(36)}`;
    expect((await submit(await draft(e.number, '400.00', { number }))).status).toBe(204);
    const duplicate = await submit(await draft(e.number, '400.00', { number }));
    expect(duplicate.body).toMatchObject({ code: 'INVOICING.DUPLICATE_NUMBER', field: 'number' });
    expect(await engagementOf(e.id)).toMatchObject({ consumed: '400.00', invoices: [expect.objectContaining({ amount: '400.00' })] });
  });

  it('imports a CSV file line by line: created lines, refused lines with every reason, nothing half-made', async () => {
    const csv = [
      'numero;type;date_notification;montant_ttc;montant_ht;devise;siret_fournisseur;code_service;numero_marche;libelle',
      `EJ-CSV-1;BON_DE_COMMANDE;2026-03-01;1500,00;1250,00;EUR;${supplier.identifier};ACHATS;M-1;"Papier; enveloppes"`,
      `EJ-CSV-2;;2026-13-01;abc;;EUR;123;;;`,
      `EJ-CSV-3;;2026-03-02;100.00;;EUR;${supplier.identifier};INCONNU;;`,
      `EJ-CSV-1;;2026-03-03;100.00;;EUR;${supplier.identifier};;;Doublon`,
      '',
      `EJ-CSV-4;MARCHE;2026-03-04;250000;;EUR;${stranger.identifier};;;`,
    ].join('\r\n');
    const { payload, headers } = multipartParts([{ field: 'structureId', value: recipient.id }, { file: { name: 'engagements.csv', type: 'text/csv', content: Buffer.from(csv) } }]);
    const res = await t.http.post('/api/v1/engagements/import', undefined, { token: recipient.manager.token, payload, headers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, refused: 3 });
    const byLine = Object.fromEntries(res.body.lines.map((l: { line: number }) => [l.line, l]));
    expect(byLine[2]).toMatchObject({ number: 'EJ-CSV-1', status: 'CREATED', errors: [] });
    expect(byLine[3].status).toBe('REFUSED');
    expect(byLine[3].errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'notificationDate', 'supplierIdentifier']);
    expect(byLine[4]).toMatchObject({ status: 'REFUSED', errors: [expect.objectContaining({ field: 'serviceCode', code: 'ENGAGEMENTS.SERVICE_NOT_FOUND' })] });
    expect(byLine[5]).toMatchObject({ status: 'REFUSED', errors: [expect.objectContaining({ field: 'number', code: 'ENGAGEMENTS.NUMBER_TAKEN' })] });
    expect(byLine[7]).toMatchObject({ number: 'EJ-CSV-4', status: 'CREATED' });
    const created = await engagementOf(byLine[2].engagementId);
    expect(created).toMatchObject({ amount: '1500.00', amountExclTax: '1250.00', serviceCode: 'ACHATS', contractNumber: 'M-1', label: 'Papier; enveloppes', supplierStructureId: supplier.id });
    // Refused lines left nothing behind.
    const numbers = (await t.http.get('/api/v1/engagements?side=issued&pageSize=200', { token: recipient.manager.token })).body.items.map((e: { number: string }) => e.number);
    expect(numbers.filter((n: string) => n.startsWith('EJ-CSV')).sort()).toEqual(['EJ-CSV-1', 'EJ-CSV-4']);
    // A file without the required columns is refused as a whole.
    const bad = multipartParts([{ field: 'structureId', value: recipient.id }, { file: { name: 'x.csv', type: 'text/csv', content: Buffer.from('numero;montant\nEJ-9;1') } }]);
    const refused = await t.http.post('/api/v1/engagements/import', undefined, { token: recipient.manager.token, ...bad });
    expect(refused.body).toMatchObject({ status: 400, code: 'ENGAGEMENTS.IMPORT_HEADER_INVALID', field: 'file' });
  });

  it('refuses bad input naming the field, and engagements of a private structure', async () => {
    const base = { structureId: recipient.id, number: 'EJ-BAD', notificationDate: '2026-01-01', amount: '10.00', supplierIdentifier: supplier.identifier };
    const zero = await t.http.post('/api/v1/engagements', { ...base, amount: '0' }, { token: recipient.manager.token });
    expect(zero.body).toMatchObject({ status: 400, code: 'ENGAGEMENTS.AMOUNT_INVALID', field: 'amount' });
    const noSupplier = await t.http.post('/api/v1/engagements', { ...base, supplierIdentifier: undefined }, { token: recipient.manager.token });
    expect(noSupplier.body).toMatchObject({ code: 'ENGAGEMENTS.SUPPLIER_REQUIRED', field: 'supplierIdentifier' });
    const mismatch = await t.http.post('/api/v1/engagements', { ...base, supplierStructureId: stranger.id }, { token: recipient.manager.token });
    expect(mismatch.body).toMatchObject({ code: 'ENGAGEMENTS.SUPPLIER_MISMATCH', field: 'supplierIdentifier' });
    const badDate = await t.http.post('/api/v1/engagements', { ...base, notificationDate: '2026-02-30' }, { token: recipient.manager.token });
    expect(badDate.body).toMatchObject({ status: 400, field: 'notificationDate' });
    expect((await t.http.post('/api/v1/engagements', base, { token: recipient.manager.token })).status).toBe(201);
    expect((await t.http.post('/api/v1/engagements', base, { token: recipient.manager.token })).body).toMatchObject({ status: 409, code: 'ENGAGEMENTS.NUMBER_TAKEN', field: 'number' });
    const privately = await t.http.post('/api/v1/engagements', { ...base, structureId: supplier.id, supplierIdentifier: stranger.identifier }, { token: supplier.owner.token });
    expect(privately.body).toMatchObject({ code: 'ENGAGEMENTS.ISSUER_NOT_PUBLIC', field: 'structureId' });
  });

  it('seeds the sandbox’s engagements once, for the demo supplier (idempotent seed)', async () => {
    await t.app.get(SeedRunner).run();
    await t.app.get(SeedRunner).run();
    const rows = await sql<{ number: string; supplier_identifier: string; n: string }>(
      t,
      `select number, supplier_identifier, count(*) over (partition by number) as n from engagement where number in ('EJ-2026-0001', 'EJ-2026-42', 'EJ-BENCH-1') order by number`,
    );
    expect(rows.map((r) => [r.number, r.supplier_identifier, Number(r.n)])).toEqual([
      ['EJ-2026-0001', '91234567500017', 1],
      ['EJ-2026-42', '91234567500017', 1],
      ['EJ-BENCH-1', '91234567500017', 1],
    ]);
  });
});
