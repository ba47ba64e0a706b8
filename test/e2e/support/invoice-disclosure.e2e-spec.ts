import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { openTicket } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * A ticket shows the invoice it is about (current status, history path) to both sides: to parties of that
 * invoice only. Recycled to another recipient, the invoice is no longer the old recipient's business.
 */
describe('support tickets: the invoice a ticket is about', () => {
  let t: TestApp;
  let supplier: Supplier;
  let first: PublicRecipient;
  let second: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    first = await givenPublicRecipient(t);
    second = await givenPublicRecipient(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is no longer shown to the first recipient once the invoice was recycled to another structure', async () => {
    const invoiceId = await givenAvailableInvoice(t, supplier, first);
    const number = (await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: supplier.owner.token })).body.number;
    const ticket = await openTicket(t, supplier.owner.token, {
      subCategoryCode: 'FE_M_DESTINATAIRE', emitterStructureId: supplier.id, objectType: 'FACTURE', objectNumber: number, title: 'Paiement', description: 'Quand ?',
    });
    expect((await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: first.clerk.token })).body.invoice).toMatchObject({ id: invoiceId, status: 'MISE_A_DISPOSITION' });

    // The first recipient sends it back; the supplier readdresses it to the second one, which handles it.
    const back = await t.http.post(`/api/v1/invoices/${invoiceId}/transitions`, { status: 'A_RECYCLER', reason: 'Pas chez nous' }, { token: first.clerk.token });
    expect(back.status).toBe(200);
    expect((await t.http.post(`/api/v1/invoices/${invoiceId}/recycling`, { recipientStructureId: second.id }, { token: supplier.owner.token })).status).toBe(200);
    await waitForStatus(t, second.clerk.token, invoiceId, 'MISE_A_DISPOSITION');
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: first.clerk.token })).status).toBe(404);

    // The first recipient still holds the ticket, but no longer learns what becomes of the invoice.
    const seen = await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: first.clerk.token });
    expect(seen.status).toBe(200);
    expect(seen.body.invoice).toBeNull();
    // Its supplier still sees it.
    expect((await t.http.get(`/api/v1/tickets/${ticket.id}`, { token: supplier.owner.token })).body.invoice).toMatchObject({ id: invoiceId });
  });
});
