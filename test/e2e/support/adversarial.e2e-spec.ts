import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenMember, multipart, TINY_PDF } from '../../factories/organisation';
import { openTicket } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/** Attacks on tickets beyond the IDOR matrix: readers writing, files reached through another ticket, the wrong side's moves. */
describe('support tickets: adversarial', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let stranger: Supplier;
  let reader: GivenUser;
  let invoicesOnly: GivenUser;
  let business: { id: string; number: string };
  let platform: { id: string; number: string };
  let fileOfPlatform: string;

  const grant = async (structureId: string, manager: GivenUser, user: GivenUser, grants: { application: string; level: string }[]) => {
    await givenMember(t, manager, structureId, user);
    const res = await t.http.put(`/api/v1/structures/${structureId}/members/${user.id}/grants`, { grants }, { token: manager.token });
    if (res.status !== 200) throw new Error(`grants: ${res.status} ${res.text}`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    stranger = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    const number = (await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: supplier.owner.token })).body.number;
    business = await openTicket(t, supplier.owner.token, { subCategoryCode: 'FE_M_DESTINATAIRE', emitterStructureId: supplier.id, objectType: 'FACTURE', objectNumber: number, title: 'Paiement', description: 'Quand ?' });
    platform = await openTicket(t, supplier.owner.token, { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'Compte', description: 'Secret' });
    const file = await t.http.post(`/api/v1/tickets/${platform.id}/files`, undefined, { token: supplier.owner.token, ...multipart({}, { name: 'secret.pdf', type: 'application/pdf', content: TINY_PDF }) });
    expect(file.status).toBe(201);
    fileOfPlatform = file.body.id;
    // A member of the supplier who reads its tickets (Sollicitations émises – consultation) but may not write.
    reader = await givenActiveUser(t, { firstName: 'Lecteur' });
    await grant(supplier.id, supplier.owner, reader, [{ application: 'SOLLICITATIONS_EMISES', level: 'CONSULTATION' }, { application: 'FACTURES_EMISES', level: 'CONSULTATION' }]);
    // A member of the recipient who processes invoices but holds no Sollicitations reçues.
    invoicesOnly = await givenActiveUser(t, { firstName: 'Comptable' });
    await grant(recipient.id, recipient.manager, invoicesOnly, [{ application: 'FACTURES_RECUES', level: 'MODIFICATION' }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a reader without MODIFICATION reads but neither writes, moves, attaches nor opens (403)', async () => {
    expect((await t.http.get(`/api/v1/tickets/${business.id}`, { token: reader.token })).status).toBe(200);
    expect((await t.http.post(`/api/v1/tickets/${business.id}/messages`, { message: 'x' }, { token: reader.token })).status).toBe(403);
    expect((await t.http.post(`/api/v1/tickets/${business.id}/transitions`, { status: 'FERME' }, { token: reader.token })).status).toBe(403);
    const file = await t.http.post(`/api/v1/tickets/${business.id}/files`, undefined, { token: reader.token, ...multipart({}, { name: 'a.pdf', type: 'application/pdf', content: TINY_PDF }) });
    expect(file.status).toBe(403);
    const opened = await t.http.post('/api/v1/tickets', { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'x', description: 'x' }, { token: reader.token });
    expect(opened.status).toBe(403);
    expect((await t.http.get(`/api/v1/tickets/${business.id}`, { token: supplier.owner.token })).body.status).toBe('OUVERT');
  });

  it('a file is reached through its own ticket only, by that ticket’s readers only', async () => {
    // The recipient reads the business ticket, not the platform one: naming the file through the ticket it reads fails.
    expect((await t.http.get(`/api/v1/tickets/${business.id}/files/${fileOfPlatform}`, { token: recipient.clerk.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/tickets/${platform.id}/files/${fileOfPlatform}`, { token: recipient.clerk.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/tickets/${platform.id}/files/${fileOfPlatform}`, { token: stranger.owner.token })).status).toBe(404);
    expect((await t.http.get(`/api/v1/tickets/${platform.id}/files/${fileOfPlatform}`, { token: reader.token })).status).toBe(200);
  });

  it('the receiver cannot make the emitter’s moves, nor the emitter the receiver’s', async () => {
    const close = await t.http.post(`/api/v1/tickets/${business.id}/transitions`, { status: 'FERME' }, { token: recipient.clerk.token });
    expect(close.body).toMatchObject({ status: 409, code: 'SUPPORT.TRANSITION_NOT_ALLOWED' });
    const resolve = await t.http.post(`/api/v1/tickets/${business.id}/transitions`, { status: 'RESOLU', message: 'fait' }, { token: supplier.owner.token });
    expect(resolve.body).toMatchObject({ status: 409, code: 'SUPPORT.TRANSITION_NOT_ALLOWED' });
  });

  it('a recipient member without Sollicitations reçues neither lists nor reads the tickets about its invoices', async () => {
    expect((await t.http.get(`/api/v1/tickets/${business.id}`, { token: invoicesOnly.token })).status).toBe(404);
    expect((await t.http.get('/api/v1/tickets', { token: invoicesOnly.token })).body.total).toBe(0);
    const exported = await t.http.get('/api/v1/tickets/export', { token: invoicesOnly.token });
    expect(exported.text.trim().split('\r\n')).toHaveLength(1);
  });

  it('the platform ticket is for administrators on the receiving side: a public structure never reads it', async () => {
    expect((await t.http.get(`/api/v1/tickets/${platform.id}`, { token: recipient.manager.token })).status).toBe(200); // the manager is a platform administrator (factory)
    expect((await t.http.get(`/api/v1/tickets/${platform.id}`, { token: recipient.clerk.token })).status).toBe(404);
    expect((await t.http.get('/api/v1/tickets', { token: recipient.clerk.token })).body.items.map((r: { id: string }) => r.id)).toEqual([business.id]);
  });
});
