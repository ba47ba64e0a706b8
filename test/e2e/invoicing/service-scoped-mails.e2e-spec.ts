import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { mailsTo, waitForMails } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Invoice e-mails (number, amount, the other side's name) reach only members who may read the invoice:
 * a member attached to one service is told of that service's invoices only (issue 15).
 */
describe('invoice e-mails to members attached to a service', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let salesClerk: GivenUser;
  let buyer: GivenUser;
  const services: Record<string, string> = {};
  const numbers: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    for (const code of ['VENTES', 'SAV']) {
      const res = await t.http.post(`/api/v1/structures/${supplier.id}/services`, { code, label: code, activationStart: '2020-01-01', active: true }, { token: supplier.owner.token });
      services[code] = res.body.id;
    }
    recipient = await givenPublicRecipient(t, { services: [{ code: 'ACHATS' }, { code: 'TRAVAUX' }] });
    salesClerk = await givenActiveUser(t, { firstName: 'Vendeur' });
    await givenMember(t, supplier.owner, supplier.id, salesClerk, 'VENTES');
    buyer = await givenActiveUser(t, { firstName: 'Acheteur' });
    await givenMember(t, recipient.manager, recipient.id, buyer, 'ACHATS');
    ids.a = await givenAvailableInvoice(t, supplier, recipient, { supplierServiceId: services.VENTES, recipientServiceCode: 'ACHATS' });
    ids.b = await givenAvailableInvoice(t, supplier, recipient, { supplierServiceId: services.SAV, recipientServiceCode: 'TRAVAUX' });
    ids.none = await givenAvailableInvoice(t, supplier, recipient);
    for (const [key, id] of Object.entries(ids)) numbers[key] = (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body.number;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a buyer attached to a service is told only of the invoices routed to it', async () => {
    await waitForMails(t, recipient.clerk.email, 'invoicing.invoice-received', 3);
    const toBuyer = mailsTo(t, buyer.email, 'invoicing.invoice-received');
    expect(toBuyer).toHaveLength(1);
    expect(toBuyer[0]!.text).toContain(numbers.a);
  });

  it('a sales clerk attached to a service is told only of his service’s invoices', async () => {
    for (const key of ['b', 'none', 'a']) {
      const res = await t.http.post(`/api/v1/invoices/${ids[key]}/transitions`, { status: 'SUSPENDUE', reason: `Pièce manquante ${key}` }, { token: recipient.clerk.token });
      expect(res.status).toBe(200);
      await waitForStatus(t, supplier.owner.token, ids[key]!, 'SUSPENDUE');
    }
    await waitForMails(t, supplier.owner.email, 'invoicing.invoice-status-changed', 3);
    await waitForMails(t, salesClerk.email, 'invoicing.invoice-status-changed', 1);
    const toClerk = mailsTo(t, salesClerk.email, 'invoicing.invoice-status-changed');
    expect(toClerk).toHaveLength(1);
    expect(toClerk[0]!.text).toContain(numbers.a);
  });
});
