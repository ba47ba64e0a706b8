import { PASSWORD, givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { givenErpConnection } from '../../factories/connections';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { openTicket } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Who receives and reads a structure's events (issue 20, adversarial review): only the subscription's owner
 * reads its feed; an owner who can no longer act (user account deactivated, API application revoked or
 * without the API group of the data) gets nothing more.
 */
describe('webhooks: who receives and reads events', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  async function subscribe(auth: { token: string; headers?: Record<string, string> }, body: Record<string, unknown>): Promise<{ id: string }> {
    const res = await t.http.post('/api/v1/webhooks', body, auth);
    if (res.status !== 201) throw new Error(`subscription: ${res.status} ${res.text}`);
    return res.body;
  }

  const invoiceEvents = (path: string, invoiceId: string) => receiver.at(path).filter((d) => d.json.type.startsWith('invoice.') && d.json.data.invoiceId === invoiceId);

  /** A control subscription of the principal manager has all three events of the invoice: its fan-out is done. */
  async function fannedOut(controlPath: string, invoiceId: string): Promise<void> {
    await waitUntil(() => invoiceEvents(controlPath, invoiceId).length === 3);
    // Deliveries of one event are written together; give the dispatcher time to send any other.
    await new Promise((resolve) => setTimeout(resolve, 700));
  }

  it('keeps a feed to its owner: a connections manager without Factures émises cannot read the principal manager’s', async () => {
    const member: GivenUser = await givenActiveUser(t, { firstName: 'Raccordements' });
    await givenMember(t, supplier.owner, supplier.id, member);
    const grants = [
      { application: 'ORGANISATION', level: 'MODIFICATION' },
      { application: 'RACCORDEMENTS', level: 'MODIFICATION' },
    ];
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${member.id}/grants`, { grants }, { token: supplier.owner.token })).status).toBe(200);
    // Not allowed to read the supplier's invoices himself…
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, { token: member.token })).status).toBe(404);

    const feed = await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, eventTypes: ['invoice.status-changed'] });
    const other = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(async () => (await t.http.get(`/api/v1/webhooks/${feed.id}/events`, { token: supplier.owner.token })).body.events?.length === 3);

    // …he manages the structure's subscriptions (Organisation and Raccordements – modification) but does not read their events.
    expect((await t.http.get(`/api/v1/webhooks/${feed.id}`, { token: member.token })).status).toBe(200);
    const read = await t.http.get(`/api/v1/webhooks/${feed.id}/events`, { token: member.token });
    expect(read.status).toBe(403);
    expect(read.body.code).toBe('COMMON.FORBIDDEN');
    expect(JSON.stringify(read.body)).not.toContain(other);
    const ack = await t.http.post(`/api/v1/webhooks/${feed.id}/events/ack`, { cursor: '999999999' }, { token: member.token });
    expect(ack.status).toBe(403);
    // The owner still reads all of it: nothing was acknowledged for him.
    expect((await t.http.get(`/api/v1/webhooks/${feed.id}/events`, { token: supplier.owner.token })).body.events).toHaveLength(3);
    // A subscription of his own gets nothing of the invoices he may not read.
    const own = await subscribe({ token: member.token }, { structureId: supplier.id, eventTypes: ['invoice.status-changed'] });
    await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(async () => (await t.http.get(`/api/v1/webhooks/${feed.id}/events`, { token: supplier.owner.token })).body.events?.length === 6);
    expect((await t.http.get(`/api/v1/webhooks/${own.id}/events`, { token: member.token })).body.events).toEqual([]);
  });

  it('lets a member with the default grants manage his own subscriptions only, not the principal manager’s or the ERP’s', async () => {
    const structure = await givenSupplier(t);
    const service = await t.http.post(`/api/v1/structures/${structure.id}/services`, { code: 'ATELIER', label: 'Atelier', activationStart: '2020-01-01' }, { token: structure.owner.token });
    expect(service.status).toBe(201);
    const member = await givenActiveUser(t, { firstName: 'Ordinaire' });
    await givenMember(t, structure.owner, structure.id, member);
    const serviceMember = await givenActiveUser(t, { firstName: 'Atelier' });
    await givenMember(t, structure.owner, structure.id, serviceMember, 'ATELIER');
    const erp = await givenErpConnection(t, structure.owner.token, structure.id);
    const asErp = { token: erp.token, headers: { 'cpro-account': erp.cproAccount } };
    const theirs = [
      await subscribe({ token: structure.owner.token }, { structureId: structure.id, url: receiver.url('/gp'), eventTypes: ['invoice.status-changed'] }),
      await subscribe(asErp, { url: receiver.url('/erp'), eventTypes: ['invoice.status-changed'] }),
    ];

    for (const user of [member, serviceMember]) {
      // Raccordements – modification is a default grant: he subscribes, and manages that subscription…
      const mine = await subscribe({ token: user.token }, { structureId: structure.id, eventTypes: ['invoice.status-changed'] });
      const listed = (await t.http.get(`/api/v1/webhooks?structureId=${structure.id}`, { token: user.token })).body.items.map((s: any) => s.id);
      expect(listed).toEqual([mine.id]);
      expect((await t.http.post(`/api/v1/webhooks/${mine.id}/secret`, {}, { token: user.token })).status).toBe(200);
      // …but not the others': he cannot stop the ERP's events nor take its secret.
      for (const sub of theirs) {
        expect((await t.http.get(`/api/v1/webhooks/${sub.id}`, { token: user.token })).status).toBe(404);
        expect((await t.http.post(`/api/v1/webhooks/${sub.id}/secret`, {}, { token: user.token })).body.code).toBe('WEBHOOKS.SUBSCRIPTION_NOT_FOUND');
        expect((await t.http.post(`/api/v1/webhooks/${sub.id}/resume`, undefined, { token: user.token })).status).toBe(404);
        expect((await t.http.get(`/api/v1/webhooks/${sub.id}/deliveries`, { token: user.token })).status).toBe(404);
        expect((await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: user.token })).status).toBe(404);
      }
      expect((await t.http.delete(`/api/v1/webhooks/${mine.id}`, { token: user.token })).status).toBe(204);
    }
    // The principal manager still manages every one of them.
    const all = (await t.http.get(`/api/v1/webhooks?structureId=${structure.id}`, { token: structure.owner.token })).body.items.map((s: any) => s.id);
    expect(all.sort()).toEqual(theirs.map((s) => s.id).sort());
    expect((await t.http.delete(`/api/v1/webhooks/${theirs[1]!.id}`, { token: structure.owner.token })).status).toBe(204);
  });

  it('sends nothing more to a user whose account was deactivated', async () => {
    const member = await givenActiveUser(t, { firstName: 'Partant' });
    await givenMember(t, supplier.owner, supplier.id, member);
    const sub = await subscribe({ token: member.token }, { structureId: supplier.id, url: receiver.url('/leaver'), eventTypes: ['invoice.status-changed'] });
    await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, url: receiver.url('/leaver-control'), eventTypes: ['invoice.status-changed'] });
    const before = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => invoiceEvents('/leaver', before).length === 3);

    expect((await t.http.post('/api/v1/me/deactivation', { password: PASSWORD, confirm: true }, { token: member.token })).status).toBe(204);
    const after = await givenAvailableInvoice(t, supplier, recipient);
    await fannedOut('/leaver-control', after);
    expect(invoiceEvents('/leaver', after)).toEqual([]);
    // Nothing waits to be sent either (the structure's manager reads the log).
    const log = (await t.http.get(`/api/v1/webhooks/${sub.id}/deliveries?limit=100`, { token: supplier.owner.token })).body.items;
    expect(log).toHaveLength(3);
  });

  it('sends nothing more to a revoked API application', async () => {
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    await subscribe({ token: erp.token, headers: { 'cpro-account': erp.cproAccount } }, { url: receiver.url('/revoked'), eventTypes: ['invoice.status-changed'] });
    await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, url: receiver.url('/revoked-control'), eventTypes: ['invoice.status-changed'] });
    const before = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => invoiceEvents('/revoked', before).length === 3);

    expect((await t.http.delete(`/api/v1/oauth-clients/${erp.oauthClientId}`, { token: supplier.owner.token })).status).toBe(204);
    const after = await givenAvailableInvoice(t, supplier, recipient);
    await fannedOut('/revoked-control', after);
    expect(invoiceEvents('/revoked', after)).toEqual([]);
  });

  it('sends an API application only the events of its API groups: no invoice without `factures`', async () => {
    const grants = [
      { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
      { application: 'SOLLICITATIONS_EMISES', level: 'MODIFICATION' },
    ];
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id, { grants, apiGroups: ['transverses'] });
    const asErp = { token: erp.token, headers: { 'cpro-account': erp.cproAccount } };
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    // It may not read invoices…
    expect((await t.http.get(`/api/v1/invoices/${invoiceId}`, asErp)).body.code).toBe('CONNECTIONS.API_GROUP_FORBIDDEN');
    await subscribe(asErp, { url: receiver.url('/groups'), eventTypes: ['invoice.status-changed', 'ticket.updated'] });
    await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, url: receiver.url('/groups-control'), eventTypes: ['invoice.status-changed'] });

    const after = await givenAvailableInvoice(t, supplier, recipient);
    const ticket = await openTicket(t, supplier.owner.token, { subCategoryCode: 'FE_M_ENTITE_PUBLIQUE', emitterStructureId: supplier.id, receiverStructureId: recipient.id, title: 'Question', description: 'Une question ?' });
    // …nor hear of them; it hears of tickets (transverses).
    await waitUntil(() => receiver.at('/groups').some((d) => d.json.type === 'ticket.updated' && d.json.data.ticketId === ticket.id));
    await fannedOut('/groups-control', after);
    expect(receiver.at('/groups').filter((d) => d.json.type.startsWith('invoice.'))).toEqual([]);
  });
});
