import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenMember, multipart, TINY_PDF } from '../../factories/organisation';
import { mailsTo, openTicket, waitForMails } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Members attached to one service see only that service's tickets, on both sides: list, counts, export,
 * detail, messages, files, e-mails. Tickets of no service are for structure-level members only.
 */
describe('ticket scoping for members attached to a service', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const supplierServices: Record<string, string> = {};
  let salesClerk: GivenUser;
  let buyer: GivenUser;
  let numbers: { a: string; b: string };
  let tickets: { a: { id: string; number: string }; b: { id: string; number: string }; none: { id: string; number: string } };
  let fileOfB: string;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    for (const code of ['VENTES', 'SAV']) {
      const res = await t.http.post(
        `/api/v1/structures/${supplier.id}/services`,
        { code, label: `Service ${code}`, activationStart: '2020-01-01', active: true },
        { token: supplier.owner.token },
      );
      supplierServices[code] = res.body.id;
    }
    recipient = await givenPublicRecipient(t, { services: [{ code: 'ACHATS' }, { code: 'TRAVAUX' }] });
    salesClerk = await givenActiveUser(t, { firstName: 'Vendeur' });
    await givenMember(t, supplier.owner, supplier.id, salesClerk, 'VENTES');
    buyer = await givenActiveUser(t, { firstName: 'Acheteur' });
    await givenMember(t, recipient.manager, recipient.id, buyer, 'ACHATS');
    const a = await givenAvailableInvoice(t, supplier, recipient, { supplierServiceId: supplierServices.VENTES, recipientServiceCode: 'ACHATS' });
    const b = await givenAvailableInvoice(t, supplier, recipient, { supplierServiceId: supplierServices.SAV, recipientServiceCode: 'TRAVAUX' });
    const numberOf = async (id: string) => (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body.number as string;
    numbers = { a: await numberOf(a), b: await numberOf(b) };
    const about = (number: string, service: string, title: string) =>
      openTicket(t, supplier.owner.token, {
        subCategoryCode: 'FE_M_DESTINATAIRE', objectType: 'FACTURE', objectNumber: number, emitterStructureId: supplier.id, emitterServiceId: supplierServices[service], title, description: title,
      });
    tickets = {
      a: await about(numbers.a, 'VENTES', 'Ticket Alpha'),
      b: await about(numbers.b, 'SAV', 'Ticket Bravo'),
      none: await openTicket(t, supplier.owner.token, {
        subCategoryCode: 'FE_M_ENTITE_PUBLIQUE', receiverStructureId: recipient.id, emitterStructureId: supplier.id, title: 'Ticket Sans service', description: 'x',
      }),
    };
    const upload = await t.http.post(`/api/v1/tickets/${tickets.b.id}/files`, undefined, {
      token: recipient.clerk.token,
      ...multipart({}, { name: 'bon.pdf', type: 'application/pdf', content: TINY_PDF }),
    });
    fileOfB = upload.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const listed = async (token: string) => {
    const res = await t.http.get('/api/v1/tickets', { token });
    return { total: res.body.total as number, ids: (res.body.items as { id: string }[]).map((i) => i.id).sort() };
  };
  const exported = async (token: string) => (await t.http.get('/api/v1/tickets/export', { token })).text.trimEnd().split('\r\n').length - 1;

  it('a receiver attached to one service sees only the tickets about that service’s invoices', async () => {
    expect(await listed(buyer.token)).toEqual({ total: 1, ids: [tickets.a.id] });
    expect(await exported(buyer.token)).toBe(1);
    expect((await t.http.get(`/api/v1/tickets/${tickets.a.id}`, { token: buyer.token })).body.sides).toEqual(['RECEIVER']);
    for (const other of [tickets.b.id, tickets.none.id]) {
      expect((await t.http.get(`/api/v1/tickets/${other}`, { token: buyer.token })).status).toBe(404);
      expect((await t.http.post(`/api/v1/tickets/${other}/messages`, { message: 'je lis tout' }, { token: buyer.token })).status).toBe(404);
      expect((await t.http.post(`/api/v1/tickets/${other}/transitions`, { status: 'RESOLU', message: 'x' }, { token: buyer.token })).status).toBe(404);
    }
    expect((await t.http.get(`/api/v1/tickets/${tickets.b.id}/files/${fileOfB}`, { token: buyer.token })).status).toBe(404);
    // structure-level members still see everything
    expect((await listed(recipient.clerk.token)).total).toBe(3);
    expect((await t.http.get(`/api/v1/tickets/${tickets.b.id}/files/${fileOfB}`, { token: recipient.clerk.token })).status).toBe(200);
  });

  it('an emitter attached to one service sees only its service’s tickets and must open them for it', async () => {
    expect(await listed(salesClerk.token)).toEqual({ total: 1, ids: [tickets.a.id] });
    expect(await exported(salesClerk.token)).toBe(1);
    for (const other of [tickets.b.id, tickets.none.id]) expect((await t.http.get(`/api/v1/tickets/${other}`, { token: salesClerk.token })).status).toBe(404);
    const base = { subCategoryCode: 'MC_TRAITEMENT', emitterStructureId: supplier.id, title: 'x', description: 'x' };
    expect((await t.http.post('/api/v1/tickets', base, { token: salesClerk.token })).status).toBe(403);
    expect((await t.http.post('/api/v1/tickets', { ...base, emitterServiceId: supplierServices.SAV }, { token: salesClerk.token })).status).toBe(403);
    // nor name another service's invoice (its status would show on the ticket)
    const other = await t.http.post(
      '/api/v1/tickets',
      { subCategoryCode: 'FE_M_DESTINATAIRE', objectType: 'FACTURE', objectNumber: numbers.b, emitterStructureId: supplier.id, emitterServiceId: supplierServices.VENTES, title: 'x', description: 'x' },
      { token: salesClerk.token },
    );
    expect(other.body).toMatchObject({ code: 'SUPPORT.INVOICE_NOT_VISIBLE', field: 'objectNumber' });
    expect((await t.http.post('/api/v1/tickets', { ...base, emitterServiceId: supplierServices.VENTES }, { token: salesClerk.token })).status).toBe(201);
  });

  it('tells only the receivers who may see the ticket', async () => {
    await waitForMails(t, recipient.clerk.email, 'support.ticket-opened', 3);
    await waitForMails(t, buyer.email, 'support.ticket-opened', 1);
    const toBuyer = mailsTo(t, buyer.email, 'support.ticket-opened');
    expect(toBuyer).toHaveLength(1);
    expect(toBuyer[0]!.text).toContain(tickets.a.number);
  });
});
