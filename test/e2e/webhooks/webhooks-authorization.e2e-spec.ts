import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { PASSWORD, givenActiveUser, GivenUser, waitUntil } from '../../factories/accounts';
import { givenErpConnection } from '../../factories/connections';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { openTicket } from '../../factories/support';
import { randomUUID } from 'node:crypto';
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

  it('hides a structure’s subscriptions, deliveries and feed from another structure’s managers, and keeps Idempotency-Keys per caller', async () => {
    const key = randomUUID();
    const body = { structureId: supplier.id, url: receiver.url('/idor'), eventTypes: ['invoice.status-changed'] };
    const created = await t.http.post('/api/v1/webhooks', body, { token: supplier.owner.token, headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    const feed = await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, eventTypes: ['invoice.status-changed'] });
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => invoiceEvents('/idor', invoiceId).length === 3);
    const [delivery] = (await t.http.get(`/api/v1/webhooks/${created.body.id}/deliveries`, { token: supplier.owner.token })).body.items;

    // The recipient's principal manager (a manager, of another structure), an outsider without any structure.
    const outsider = await givenActiveUser(t, { firstName: 'Dehors' });
    for (const token of [recipient.manager.token, outsider.token]) {
      // The same request with the same key is his own request: refused, never the first caller's answer (its secret).
      const replayed = await t.http.post('/api/v1/webhooks', body, { token, headers: { 'idempotency-key': key } });
      expect(replayed.status).toBe(403);
      expect(replayed.headers['idempotent-replayed']).toBeUndefined();
      expect(JSON.stringify(replayed.body)).not.toContain(created.body.secret);
      expect((await t.http.get(`/api/v1/webhooks/${created.body.id}`, { token })).status).toBe(404);
      expect((await t.http.get(`/api/v1/webhooks?structureId=${supplier.id}`, { token })).body.items).toEqual([]);
      expect((await t.http.get(`/api/v1/webhooks/${created.body.id}/deliveries`, { token })).status).toBe(404);
      expect((await t.http.post(`/api/v1/webhooks/${created.body.id}/deliveries/${delivery.id}/replay`, undefined, { token })).status).toBe(404);
      expect((await t.http.post(`/api/v1/webhooks/${created.body.id}/secret`, {}, { token })).status).toBe(404);
      expect((await t.http.get(`/api/v1/webhooks/${feed.id}/events`, { token })).status).toBe(404);
      expect((await t.http.post(`/api/v1/webhooks/${feed.id}/events/ack`, { cursor: '999999999' }, { token })).status).toBe(404);
      expect((await t.http.delete(`/api/v1/webhooks/${created.body.id}`, { token })).status).toBe(404);
    }
    // A delivery of one subscription is not replayed through another the caller manages.
    const mine = await subscribe({ token: recipient.manager.token }, { structureId: recipient.id, url: receiver.url('/idor-other'), eventTypes: ['invoice.received'] });
    const crossed = await t.http.post(`/api/v1/webhooks/${mine.id}/deliveries/${delivery.id}/replay`, undefined, { token: recipient.manager.token });
    expect(crossed.body.code).toBe('WEBHOOKS.DELIVERY_NOT_FOUND');
    // The owner's key still replays his own answer.
    const again = await t.http.post('/api/v1/webhooks', body, { token: supplier.owner.token, headers: { 'idempotency-key': key } });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(created.body.id);
  });

  it('stops the events of a member detached, or whose grant was withdrawn', async () => {
    const detached = await givenActiveUser(t, { firstName: 'Détaché' });
    const downgraded = await givenActiveUser(t, { firstName: 'Rétrogradé' });
    for (const user of [detached, downgraded]) await givenMember(t, supplier.owner, supplier.id, user);
    await subscribe({ token: detached.token }, { structureId: supplier.id, url: receiver.url('/detached'), eventTypes: ['invoice.status-changed'] });
    await subscribe({ token: downgraded.token }, { structureId: supplier.id, url: receiver.url('/downgraded'), eventTypes: ['invoice.status-changed'] });
    await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, url: receiver.url('/former-control'), eventTypes: ['invoice.status-changed'] });
    const before = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => invoiceEvents('/detached', before).length === 3 && invoiceEvents('/downgraded', before).length === 3);

    expect((await t.http.delete(`/api/v1/structures/${supplier.id}/members/${detached.id}`, { token: supplier.owner.token })).status).toBeLessThan(300);
    const grants = [{ application: 'RACCORDEMENTS', level: 'MODIFICATION' }];
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${downgraded.id}/grants`, { grants }, { token: supplier.owner.token })).status).toBe(200);
    const after = await givenAvailableInvoice(t, supplier, recipient);
    await fannedOut('/former-control', after);
    expect(invoiceEvents('/detached', after)).toEqual([]);
    expect(invoiceEvents('/downgraded', after)).toEqual([]);
  });

  it('sends a member attached to one service only the events of that service’s invoices', async () => {
    const buyer = await givenPublicRecipient(t, { services: [{ code: 'ECOLES' }, { code: 'VOIRIE' }] });
    const agent = await givenActiveUser(t, { firstName: 'Écoles' });
    await givenMember(t, buyer.manager, buyer.id, agent, 'ECOLES');
    await subscribe({ token: agent.token }, { structureId: buyer.id, url: receiver.url('/service'), eventTypes: ['invoice.status-changed', 'invoice.received'] });
    await subscribe({ token: buyer.manager.token }, { structureId: buyer.id, url: receiver.url('/service-control'), eventTypes: ['invoice.status-changed'] });
    const elsewhere = await givenAvailableInvoice(t, supplier, buyer, { recipientServiceCode: 'VOIRIE' });
    const his = await givenAvailableInvoice(t, supplier, buyer, { recipientServiceCode: 'ECOLES' });
    await waitUntil(() => receiver.at('/service').filter((d) => d.json.data.invoiceId === his).length === 2);
    await waitUntil(() => receiver.at('/service-control').filter((d) => d.json.data.invoiceId === elsewhere).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(receiver.at('/service').filter((d) => d.json.data.invoiceId === elsewhere)).toEqual([]);
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

  it('tells a membership request to its approvers (Organisation – modification) only, not to every member who sees the organisation', async () => {
    const plain: GivenUser = await givenActiveUser(t, { firstName: 'Ordinaire' });
    await givenMember(t, supplier.owner, supplier.id, plain);
    // Nor to a member attached to one service, even holding Organisation – modification: he approves nothing.
    expect((await t.http.post(`/api/v1/structures/${supplier.id}/services`, { code: 'DEPOT', label: 'Dépôt', activationStart: '2026-01-01' }, { token: supplier.owner.token })).status).toBe(201);
    const serviceLevel: GivenUser = await givenActiveUser(t, { firstName: 'Dépôt' });
    await givenMember(t, supplier.owner, supplier.id, serviceLevel, 'DEPOT');
    const organisationManager = [...defaultGrantsForNewMember().filter((g) => g.application !== 'ORGANISATION'), { application: 'ORGANISATION', level: 'MODIFICATION' }];
    expect((await t.http.put(`/api/v1/structures/${supplier.id}/members/${serviceLevel.id}/grants`, { grants: organisationManager }, { token: supplier.owner.token })).status).toBe(200);
    await subscribe({ token: supplier.owner.token }, { structureId: supplier.id, url: receiver.url('/approver'), eventTypes: ['membership.requested'] });
    await subscribe({ token: plain.token }, { structureId: supplier.id, url: receiver.url('/plain-member'), eventTypes: ['membership.requested'] });
    await subscribe({ token: serviceLevel.token }, { structureId: supplier.id, url: receiver.url('/service-member'), eventTypes: ['membership.requested'] });
    const requester = await givenActiveUser(t, { firstName: 'Candidat' });
    const request = await t.http.post('/api/v1/membership-requests', { structureIdentifier: supplier.identifier, comment: 'Je rejoins l’équipe.' }, { token: requester.token });
    expect(request.status).toBe(201);
    await waitUntil(async () => {
      await t.flushOutbox();
      return receiver.at('/approver').some((d) => d.json.data.requestId === request.body.id);
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(receiver.at('/plain-member')).toEqual([]);
    expect(receiver.at('/service-member')).toEqual([]);
    // The member does not see it in an inbox either.
    const inbox = await t.http.get('/api/v1/approvals', { token: plain.token });
    expect(inbox.status).toBe(200);
    expect(JSON.stringify(inbox.body)).not.toContain(request.body.id);
    expect(JSON.stringify((await t.http.get('/api/v1/approvals', { token: supplier.owner.token })).body)).toContain(request.body.id);
  });

  it('keeps a recycled invoice from its next recipient until delivered, and the first recipient out of the recycling', async () => {
    const second = await givenPublicRecipient(t);
    const firstFeed = await subscribe({ token: recipient.manager.token }, { structureId: recipient.id, eventTypes: ['invoice.status-changed'] });
    const secondFeed = await subscribe({ token: second.manager.token }, { structureId: second.id, eventTypes: ['invoice.status-changed', 'invoice.received'] });
    const id = await givenAvailableInvoice(t, supplier, recipient);
    expect((await t.http.post(`/api/v1/invoices/${id}/transitions`, { status: 'A_RECYCLER', reason: 'Mauvais destinataire' }, { token: recipient.manager.token })).status).toBe(200);
    expect((await t.http.post(`/api/v1/invoices/${id}/recycling`, { recipientStructureId: second.id }, { token: supplier.owner.token })).status).toBe(200);
    await waitForStatus(t, second.manager.token, id, 'MISE_A_DISPOSITION');
    const of = async (feed: { id: string }, token: string) =>
      ((await t.http.get(`/api/v1/webhooks/${feed.id}/events`, { token })).body.events as Array<{ type: string; data: { invoiceId: string; status: string; recipientStructureId: string } }>).filter((e) => e.data.invoiceId === id);
    await waitUntil(async () => {
      await t.flushOutbox();
      return (await of(secondFeed, second.manager.token)).length === 2;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await t.flushOutbox();
    // The next recipient: its delivery only (not the recycling's DEPOSEE, with the supplier's comment).
    expect((await of(secondFeed, second.manager.token)).map((e) => `${e.type} ${e.data.status}`)).toEqual(['invoice.status-changed MISE_A_DISPOSITION', 'invoice.received MISE_A_DISPOSITION']);
    // The first: up to its own sending back, naming itself as recipient.
    const first = await of(firstFeed, recipient.manager.token);
    expect(first.map((e) => e.data.status)).toEqual(['MISE_A_DISPOSITION', 'A_RECYCLER']);
    expect(first.every((e) => e.data.recipientStructureId === recipient.id)).toBe(true);
  });
});
