import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { mailsTo, openTicket, waitForMails } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

describe('support tickets: messages, category administration, concurrent moves', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let invoiceNumber: string;
  let admin: GivenUser;

  beforeAll(async () => {
    t = await startTestApp();
    recipient = await givenPublicRecipient(t);
    supplier = await givenSupplier(t);
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    invoiceNumber = (await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: supplier.owner.token })).body.number;
    admin = await givenActiveUser(t, { isAdmin: true, firstName: 'Support' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const businessTicket = () =>
    openTicket(t, supplier.owner.token, {
      subCategoryCode: 'FE_M_DESTINATAIRE', emitterStructureId: supplier.id, objectType: 'FACTURE', objectNumber: invoiceNumber,
      title: `Question ${Date.now().toString(36)}`, description: 'Quand serai-je payé ?',
    });
  const message = (token: string, id: string, text: string) => t.http.post(`/api/v1/tickets/${id}/messages`, { message: text }, { token });

  it('e-mails a plain message to the other side: receivers for the emitter’s, the contact e-mail for a receiver’s', async () => {
    const ticket = await businessTicket();
    await waitForMails(t, recipient.clerk.email, 'support.ticket-opened');

    expect((await message(supplier.owner.token, ticket.id, 'Précision : commande BC-17')).status).toBeLessThan(300);
    await waitForMails(t, recipient.clerk.email, 'support.message-added');
    const toReceiver = mailsTo(t, recipient.clerk.email, 'support.message-added').find((m) => m.text.includes(ticket.number))!;
    expect(toReceiver.text).toContain('BC-17');
    expect(mailsTo(t, supplier.owner.email, 'support.message-added')).toHaveLength(0);

    expect((await message(recipient.clerk.token, ticket.id, 'Bien reçu, nous vérifions')).status).toBeLessThan(300);
    await waitForMails(t, supplier.owner.email, 'support.message-added');
    expect(mailsTo(t, supplier.owner.email, 'support.message-added')[0]!.text).toContain('Bien reçu, nous vérifions');
    // the receiver's own message does not come back to the receivers
    expect(mailsTo(t, recipient.clerk.email, 'support.message-added').filter((m) => m.text.includes('Bien reçu'))).toHaveLength(0);
  });

  it('answers 404 to PATCH on an unknown category or sub-category', async () => {
    const category = await t.http.patch('/api/v1/support/categories/NOPE_CATEGORY', { label: 'x' }, { token: admin.token });
    expect(category.status).toBe(404);
    expect(category.body.code).toBe('SUPPORT.CATEGORY_NOT_FOUND');
    const sub = await t.http.patch('/api/v1/support/categories/FACTURES_EMISES/sub-categories/NOPE_SUB', { label: 'x' }, { token: admin.token });
    expect(sub.status).toBe(404);
    expect(sub.body.code).toBe('COMMON.NOT_FOUND');
    const elsewhere = await t.http.patch('/api/v1/support/categories/MEMOIRE_FRAIS_JUSTICE/sub-categories/FE_M_DESTINATAIRE', { label: 'x' }, { token: admin.token });
    expect(elsewhere.status).toBe(404);
    const noCategory = await t.http.patch('/api/v1/support/categories/NOPE_CATEGORY/sub-categories/FE_M_DESTINATAIRE', { label: 'x' }, { token: admin.token });
    expect(noCategory.body.code).toBe('SUPPORT.CATEGORY_NOT_FOUND');
    const create = await t.http.post('/api/v1/support/categories/NOPE_CATEGORY/sub-categories', { code: 'NOPE_NEW', label: 'R - x' }, { token: admin.token });
    expect(create.status).toBe(404);
  });

  it('lets exactly one of two simultaneous transitions win; the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const ticket = await businessTicket();
      const moves = await Promise.all([
        t.http.post(`/api/v1/tickets/${ticket.id}/transitions`, { status: 'RESOLU', message: 'Payée demain' }, { token: recipient.clerk.token }),
        // Two receivers resolve at once: whichever commits second finds RESOLU, from which no receiver move exists.
        // (A pair like EN_ATTENTE_INFORMATIONS + RESOLU is legal in one order, so it cannot test exclusion.)
        t.http.post(`/api/v1/tickets/${ticket.id}/transitions`, { status: 'RESOLU', message: 'Réglée hier' }, { token: recipient.manager.token }),
      ]);
      const statuses = moves.map((m) => m.status).sort();
      expect(statuses).toEqual([200, 409]);
      const loser = moves.find((m) => m.status === 409)!;
      expect(loser.body.code).toBe('SUPPORT.TRANSITION_NOT_ALLOWED');
      const winner = moves.find((m) => m.status === 200)!;
      const after = await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: supplier.owner.token });
      expect(after.body.status).toBe(winner.body.status);
      // one status change in the activity stream
      const changes = (after.body.activities as { kind: string }[]).filter((a) => a.kind === 'STATUS_CHANGED');
      expect(changes).toHaveLength(1);
    }
  });
});
