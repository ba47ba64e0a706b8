import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { openTicket, waitForMails } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/** Category administration and the public contact form (captchas disabled here). */
describe('support: categories administration and contact form', () => {
  let t: TestApp;
  let admin: GivenUser;
  let supplier: Supplier;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenActiveUser(t, { isAdmin: true });
    supplier = await givenSupplier(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets an administrator add and edit categories and sub-categories; routing follows the label', async () => {
    const created = await t.http.post('/api/v1/support/categories', { code: 'DEMATERIALISATION', label: 'Dématérialisation', position: 8 }, { token: admin.token });
    expect(created.status).toBe(201);
    expect((await t.http.post('/api/v1/support/categories', { code: 'DEMATERIALISATION', label: 'Bis' }, { token: admin.token })).status).toBe(409);
    const sub = await t.http.post(
      '/api/v1/support/categories/DEMATERIALISATION/sub-categories',
      { code: 'DEM_QUESTION', label: 'Traitement', objectType: 'FACTURE' },
      { token: admin.token },
    );
    expect(sub.body).toMatchObject({ code: 'DEM_QUESTION', routing: 'PLATFORM', objectRequired: false });
    const relabelled = await t.http.patch('/api/v1/support/categories/DEMATERIALISATION/sub-categories/DEM_QUESTION', { label: 'M - Question pour une entité publique' }, { token: admin.token });
    expect(relabelled.body.routing).toBe('BUSINESS');
    await t.http.patch('/api/v1/support/categories/DEMATERIALISATION', { active: false }, { token: admin.token });

    const visible = (await t.http.get('/api/v1/support/categories', { token: supplier.owner.token })).body.map((c: { code: string }) => c.code);
    expect(visible).not.toContain('DEMATERIALISATION');
    const all = (await t.http.get('/api/v1/support/categories', { token: admin.token, query: { all: 'true' } })).body.map((c: { code: string }) => c.code);
    expect(all).toContain('DEMATERIALISATION');
    const refused = await t.http.post('/api/v1/tickets', { subCategoryCode: 'DEM_QUESTION', emitterStructureId: supplier.id, title: 'x', description: 'x' }, { token: supplier.owner.token });
    expect(refused.body.code).toBe('SUPPORT.SUB_CATEGORY_NOT_FOUND');
  });

  it('numbers tickets sequentially', async () => {
    const a = await openTicket(t, supplier.owner.token, { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'a', description: 'a' });
    const b = await openTicket(t, supplier.owner.token, { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'b', description: 'b' });
    expect(Number(b.number.slice(6))).toBe(Number(a.number.slice(6)) + 1);
  });

  it('the public contact form opens a platform ticket, confirms by e-mail and alerts the administrators', async () => {
    const res = await t.http.post('/api/v1/contact', {
      email: 'Perdu@Example.test',
      firstName: 'Paul',
      lastName: 'Perdu',
      title: 'Je ne peux plus me connecter',
      description: 'Mon second facteur ne marche plus.',
    });
    expect(res.status).toBe(202);
    await waitForMails(t, 'perdu@example.test', 'support.contact-received');
    await waitForMails(t, admin.email, 'support.ticket-opened');
    const mine = await t.http.get('/api/v1/tickets', { token: admin.token, query: { view: 'ACTIONS_REQUISES', q: 'second facteur' } });
    expect(mine.body.items).toHaveLength(1);
    const ticket = (await t.http.get(`/api/v1/tickets/${mine.body.items[0].id}`, { token: admin.token })).body;
    expect(ticket).toMatchObject({ routing: 'PLATFORM', emitterStructureId: null, contactEmail: 'perdu@example.test', contactName: 'Paul Perdu', categoryCode: 'MON_COMPTE' });
    // the administrator answers; the answer goes to the contact address
    await t.http.post(`/api/v1/tickets/${ticket.id}/transitions`, { status: 'RESOLU', message: 'Votre second facteur est réinitialisé.' }, { token: admin.token });
    await waitForMails(t, 'perdu@example.test', 'support.ticket-resolved');
    // a non-administrator never sees it
    expect((await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: supplier.owner.token })).status).toBe(404);
  });

  it('refuses business ("M -") sub-categories and malformed input on the contact form', async () => {
    const base = { email: 'x@example.test', firstName: 'X', lastName: 'Y', title: 't', description: 'd' };
    expect((await t.http.post('/api/v1/contact', { ...base, subCategoryCode: 'FE_M_ENTITE_PUBLIQUE' })).body.code).toBe('SUPPORT.BUSINESS_CATEGORY_NOT_ALLOWED');
    expect((await t.http.post('/api/v1/contact', { ...base, email: 'nope' })).status).toBe(400);
    expect((await t.http.post('/api/v1/contact', { ...base, extra: 1 })).status).toBe(400);
  });
});
