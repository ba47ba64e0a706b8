import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { multipart, TINY_PDF } from '../../factories/organisation';
import { mailsTo, openTicket, waitForMails } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/** A business ("M -") ticket about an invoice, from opening to closing, and a platform ticket handled by an administrator. */
describe('support tickets: journeys', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let invoiceId: string;
  let invoiceNumber: string;
  let admin: GivenUser;

  beforeAll(async () => {
    t = await startTestApp();
    recipient = await givenPublicRecipient(t);
    supplier = await givenSupplier(t);
    invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    invoiceNumber = (await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: supplier.owner.token })).body.number;
    admin = await givenActiveUser(t, { isAdmin: true, firstName: 'Support' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const transition = (token: string, id: string, status: string, message?: string) => t.http.post(`/api/v1/tickets/${id}/transitions`, { status, message }, { token });

  it('lists the seeded reference categories with their routing', async () => {
    const res = await t.http.get('/api/v1/support/categories', { token: supplier.owner.token });
    expect(res.status).toBe(200);
    expect(res.body.map((c: { label: string }) => c.label)).toEqual([
      'Factures émises', 'Factures à valider', 'Remboursement TIC', 'Mémoire de frais de justice', 'Mon compte', 'Organisation', 'Raccordements',
    ]);
    const fe = res.body[0].subCategories;
    expect(fe[0]).toMatchObject({ code: 'FE_M_DESTINATAIRE', routing: 'BUSINESS', objectType: 'FACTURE', objectRequired: true });
    expect(fe.find((s: { label: string }) => s.label.startsWith('R -')).routing).toBe('PLATFORM');
  });

  it('supplier ↔ recipient: open, information requested, answered, resolved, sent back, resolved, accepted', async () => {
    const base = { subCategoryCode: 'FE_M_DESTINATAIRE', emitterStructureId: supplier.id, title: 'Date de paiement', description: 'Quand ma facture sera-t-elle payée ?' };
    // the object is required and checked
    expect((await t.http.post('/api/v1/tickets', base, { token: supplier.owner.token })).body.code).toBe('SUPPORT.OBJECT_REQUIRED');
    expect((await t.http.post('/api/v1/tickets', { ...base, objectType: 'FACTURE', objectNumber: 'NOPE-1' }, { token: supplier.owner.token })).body.code).toBe(
      'SUPPORT.INVOICE_NOT_VISIBLE',
    );

    const ticket = await openTicket(t, supplier.owner.token, { ...base, objectType: 'FACTURE', objectNumber: invoiceNumber });
    expect(ticket.number).toMatch(/^CPROCS\d{7}$/);

    // routed to the invoice's recipient: its members holding Sollicitations reçues are told
    await waitForMails(t, recipient.clerk.email, 'support.ticket-opened');
    expect(mailsTo(t, recipient.clerk.email, 'support.ticket-opened')[0]!.text).toContain(ticket.number);

    const seen = await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: recipient.clerk.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      status: 'OUVERT',
      routing: 'BUSINESS',
      sides: ['RECEIVER'],
      allowedTransitions: ['EN_ATTENTE_INFORMATIONS', 'RESOLU'],
      receiverStructureId: recipient.id,
      contactEmail: supplier.owner.email,
      invoice: { id: invoiceId, number: invoiceNumber, status: 'MISE_A_DISPOSITION', historyPath: `/api/v1/invoices/${invoiceId}/history` },
    });
    const bySupplier = await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: supplier.owner.token });
    expect(bySupplier.body).toMatchObject({ sides: ['EMITTER'], allowedTransitions: ['FERME'], invoice: { id: invoiceId, status: 'MISE_A_DISPOSITION' } });

    // the emitter cannot resolve its own ticket: refused with the allowed moves
    const illegal = await transition(supplier.owner.token, ticket.id, 'RESOLU', 'ok');
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'SUPPORT.TRANSITION_NOT_ALLOWED', params: { from: 'OUVERT', to: 'RESOLU', allowed: ['FERME'] } });
    expect((await transition(recipient.clerk.token, ticket.id, 'EN_ATTENTE_INFORMATIONS')).body.code).toBe('SUPPORT.MESSAGE_REQUIRED');

    // the recipient asks for information → the emitter is told
    const asked = await transition(recipient.clerk.token, ticket.id, 'EN_ATTENTE_INFORMATIONS', 'Quel est le numéro de bon de commande ?');
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('EN_ATTENTE_INFORMATIONS');
    await waitForMails(t, supplier.owner.email, 'support.information-requested');
    expect(mailsTo(t, supplier.owner.email, 'support.information-requested')[0]!.text).toContain('bon de commande');

    // the supplier answers with a message and a file → back to OUVERT, receivers told
    const { payload, headers } = multipart({}, { name: 'bon-de-commande.pdf', type: 'application/pdf', content: TINY_PDF });
    const file = await t.http.post(`/api/v1/tickets/${ticket.id}/files`, undefined, { token: supplier.owner.token, payload, headers });
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ fileName: 'bon-de-commande.pdf', mediaType: 'application/pdf', size: TINY_PDF.length });
    const answered = await t.http.post(`/api/v1/tickets/${ticket.id}/messages`, { message: 'BC-2026-17, ci-joint.' }, { token: supplier.owner.token });
    expect(answered.status).toBe(201);
    expect(answered.body.status).toBe('OUVERT');
    await waitForMails(t, recipient.clerk.email, 'support.emitter-answered');

    // the recipient can download the file
    const download = await t.http.get(`/api/v1/tickets/${ticket.id}/files/${file.body.id}`, { token: recipient.clerk.token });
    expect(download.status).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(file.body.sha256);

    // resolved → the emitter is told; sent back (unsatisfied) → receivers told
    expect((await transition(recipient.clerk.token, ticket.id, 'RESOLU', 'Paiement prévu le 30.')).body.status).toBe('RESOLU');
    await waitForMails(t, supplier.owner.email, 'support.ticket-resolved');
    const back = await transition(supplier.owner.token, ticket.id, 'OUVERT', 'Toujours rien reçu.');
    expect(back.body.status).toBe('OUVERT');
    await waitForMails(t, recipient.clerk.email, 'support.emitter-answered', 2);
    expect(mailsTo(t, recipient.clerk.email, 'support.emitter-answered')[1]!.text).toContain('renvoyée');

    expect((await transition(recipient.clerk.token, ticket.id, 'RESOLU', 'Virement émis ce jour.')).status).toBe(200);
    await waitForMails(t, supplier.owner.email, 'support.ticket-resolved', 2);
    const closed = await transition(supplier.owner.token, ticket.id, 'FERME');
    expect(closed.body).toMatchObject({ status: 'FERME', allowedTransitions: [] });
    expect(closed.body.closedAt).not.toBeNull();

    // the activity stream, visible to both sides, tells the whole story
    const stream = (await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: recipient.clerk.token })).body.activities;
    expect(stream.map((a: { kind: string; toStatus: string | null }) => `${a.kind}${a.toStatus ? `:${a.toStatus}` : ''}`)).toEqual([
      'CREATED:OUVERT',
      'STATUS_CHANGED:EN_ATTENTE_INFORMATIONS',
      'FILE_ADDED',
      'STATUS_CHANGED:OUVERT',
      'STATUS_CHANGED:RESOLU',
      'STATUS_CHANGED:OUVERT',
      'STATUS_CHANGED:RESOLU',
      'STATUS_CHANGED:FERME',
    ]);
    expect(stream[1]).toMatchObject({ side: 'RECEIVER', actorId: recipient.clerk.id, actorName: 'Agent Baret', message: 'Quel est le numéro de bon de commande ?' });

    // closed is final
    expect((await t.http.post(`/api/v1/tickets/${ticket.id}/messages`, { message: 'encore' }, { token: supplier.owner.token })).body.code).toBe('SUPPORT.TICKET_CLOSED');
    expect((await transition(supplier.owner.token, ticket.id, 'OUVERT', 'x')).status).toBe(409);
  });

  it('refuses files that are not what they claim, and files over 10 MB', async () => {
    const ticket = await openTicket(t, supplier.owner.token, { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'Fichiers', description: 'x' });
    const exe = multipart({}, { name: 'facture.pdf', type: 'application/pdf', content: Buffer.from('MZ\x90\x00 not a pdf') });
    expect((await t.http.post(`/api/v1/tickets/${ticket.id}/files`, undefined, { token: supplier.owner.token, ...exe })).status).toBe(415);
    const big = multipart({}, { name: 'big.pdf', type: 'application/pdf', content: Buffer.concat([TINY_PDF, Buffer.alloc(10 * 1024 * 1024)]) });
    expect((await t.http.post(`/api/v1/tickets/${ticket.id}/files`, undefined, { token: supplier.owner.token, ...big })).status).toBe(413);
  });

  it('a platform ticket is handled by the administrators', async () => {
    // The contact address must belong to the structure: here its recorded e-mail.
    expect((await t.http.patch(`/api/v1/structures/${supplier.id}`, { email: 'compta@example.test' }, { token: supplier.owner.token })).status).toBe(200);
    const ticket = await openTicket(t, supplier.owner.token, {
      subCategoryCode: 'FE_R_REGLEMENTATION',
      emitterStructureId: supplier.id,
      title: 'Mentions obligatoires',
      description: 'Quelles mentions sur une facture A9 ?',
      contactEmail: 'Compta@Example.test',
    });
    await waitForMails(t, admin.email, 'support.ticket-opened');
    // the recipient's clerk (not an administrator) never sees it
    expect((await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: recipient.clerk.token })).status).toBe(404);

    const actions = await t.http.get('/api/v1/tickets', { token: admin.token, query: { view: 'ACTIONS_REQUISES' } });
    expect(actions.body.items.map((i: { id: string }) => i.id)).toContain(ticket.id);
    const resolved = await transition(admin.token, ticket.id, 'RESOLU', 'Voir la fiche A9 du guide.');
    expect(resolved.body).toMatchObject({ status: 'RESOLU', routing: 'PLATFORM', receiverStructureId: null, sides: ['RECEIVER'] });
    await waitForMails(t, 'compta@example.test', 'support.ticket-resolved');
    expect((await transition(supplier.owner.token, ticket.id, 'FERME')).body.status).toBe('FERME');
  });

  it('an "M -" question for a public entity goes to the structure the emitter chose', async () => {
    const base = { subCategoryCode: 'FE_M_ENTITE_PUBLIQUE', emitterStructureId: supplier.id, title: 'Marché 2026', description: 'Question' };
    expect((await t.http.post('/api/v1/tickets', base, { token: supplier.owner.token })).body.code).toBe('SUPPORT.RECEIVER_REQUIRED');
    expect((await t.http.post('/api/v1/tickets', { ...base, receiverStructureId: supplier.id }, { token: supplier.owner.token })).body.code).toBe('SUPPORT.RECEIVER_INVALID');
    const ticket = await openTicket(t, supplier.owner.token, { ...base, receiverStructureId: recipient.id });
    const seen = await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: recipient.clerk.token });
    expect(seen.body).toMatchObject({ receiverStructureId: recipient.id, sides: ['RECEIVER'], invoice: null });
  });
});
