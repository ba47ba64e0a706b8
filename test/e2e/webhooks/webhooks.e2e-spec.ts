import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { EarlierEventPending } from '../../../src/modules/webhooks/application/publish-events';
import { InvoiceStatusEvents } from '../../../src/modules/webhooks/jobs/event-sources.handlers';
import { DomainEventEnvelope } from '../../../src/shared/events/domain-event';
import { givenActiveUser, waitUntil } from '../../factories/accounts';
import { givenMember } from '../../factories/organisation';
import { givenErpConnection } from '../../factories/connections';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { openTicket } from '../../factories/support';
import { startTestApp, TestApp } from '../../support/test-app';
import { signedWith, WebhookReceiver } from '../../support/webhook-receiver';

/**
 * Issue 20: signed webhooks and the event feed, end to end: a real receiver on loopback (allowed by this
 * app's settings), events from real status changes, the worker's fan-out and dispatcher.
 */
describe('webhooks', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_PAUSE_AFTER_FAILURES: '3',
    });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  async function subscribe(token: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ id: string; secret: string }> {
    const res = await t.http.post('/api/v1/webhooks', body, { token, headers });
    if (res.status !== 201) throw new Error(`subscription: ${res.status} ${res.text}`);
    return res.body;
  }

  async function transition(invoiceId: string, status: string, reason?: string): Promise<void> {
    const res = await t.http.post(`/api/v1/invoices/${invoiceId}/transitions`, { status, reason }, { token: recipient.clerk.token });
    expect(res.status).toBe(200);
  }

  async function deliveries(token: string, subscriptionId: string): Promise<any[]> {
    const res = await t.http.get(`/api/v1/webhooks/${subscriptionId}/deliveries?limit=100`, { token });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it('delivers signed events, in order per invoice, with what an ERP needs', async () => {
    const sub = await subscribe(supplier.owner.token, { structureId: supplier.id, url: receiver.url('/ok'), eventTypes: ['invoice.status-changed'] });
    const [a, b] = await Promise.all([givenAvailableInvoice(t, supplier, recipient), givenAvailableInvoice(t, supplier, recipient)]);
    await Promise.all([transition(a, 'SERVICE_FAIT'), transition(b, 'SERVICE_FAIT')]);
    await Promise.all([transition(a, 'SUSPENDUE', 'Pièce manquante'), transition(b, 'SUSPENDUE', 'Pièce manquante')]);

    const expected = ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT', 'SUSPENDUE'];
    const of = (id: string) => receiver.at('/ok').filter((d) => d.json.data.invoiceId === id);
    await waitUntil(() => of(a).length >= expected.length && of(b).length >= expected.length);
    for (const id of [a, b]) {
      const got = of(id);
      expect(got.map((d) => d.json.data.status)).toEqual(expected);
      for (const d of got) {
        expect(signedWith(d, sub.secret)).toBe(true);
        expect(signedWith(d, 'another secret')).toBe(false);
        expect(d.headers['liasse-event-id']).toBe(d.json.id);
        expect(d.headers['liasse-event-type']).toBe('invoice.status-changed');
      }
      expect(new Set(got.map((d) => d.json.id)).size).toBe(expected.length);
      expect(got[4]!.json).toMatchObject({
        type: 'invoice.status-changed',
        structureId: supplier.id,
        data: { side: 'SUPPLIER', status: 'SUSPENDUE', previousStatus: 'SERVICE_FAIT', comment: 'Pièce manquante', supplierStructureId: supplier.id, recipientStructureId: recipient.id, amountDue: '1200.00', currency: 'EUR' },
      });
      expect(got[4]!.json.data.invoiceNumber).toEqual(expect.any(String));
    }
    let log: any[] = [];
    await waitUntil(async () => (log = await deliveries(supplier.owner.token, sub.id)).every((d) => d.state === 'DELIVERED'));
    expect(log).toHaveLength(10);
    expect(log.every((d) => d.state === 'DELIVERED' && d.attempts === 1 && d.log.length === 1 && d.log[0].statusCode === 200)).toBe(true);
    expect((await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token })).status).toBe(204);
  });

  it('retries a failing receiver with backoff: it fails twice, then exactly one success is recorded', async () => {
    receiver.on('/flaky', (_d, nth) => (nth <= 2 ? 500 : 200));
    const sub = await subscribe(recipient.manager.token, { structureId: recipient.id, url: receiver.url('/flaky'), eventTypes: ['invoice.received'] });
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => receiver.at('/flaky').some((d) => d.answered === 200));
    const got = receiver.at('/flaky');
    expect(got.map((d) => d.answered)).toEqual([500, 500, 200]);
    expect(new Set(got.map((d) => d.json.id)).size).toBe(1);
    expect(got.map((d) => d.headers['liasse-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(got[2]!.json).toMatchObject({ type: 'invoice.received', structureId: recipient.id, data: { invoiceId, side: 'RECIPIENT', status: 'MISE_A_DISPOSITION' } });

    await waitUntil(async () => (await deliveries(recipient.manager.token, sub.id))[0]?.state === 'DELIVERED');
    const [delivery] = await deliveries(recipient.manager.token, sub.id);
    expect(delivery).toMatchObject({ eventType: 'invoice.received', state: 'DELIVERED', attempts: 3 });
    expect(delivery.log.map((l: any) => l.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.log.every((l: any) => typeof l.latencyMs === 'number')).toBe(true);
    // Given time, nothing more is sent.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.at('/flaky')).toHaveLength(3);

    // A replay sends the same event again.
    expect((await t.http.post(`/api/v1/webhooks/${sub.id}/deliveries/${delivery.id}/replay`, undefined, { token: recipient.manager.token })).status).toBe(202);
    await waitUntil(() => receiver.at('/flaky').length === 4);
    expect(receiver.at('/flaky')[3]!.json.id).toBe(got[0]!.json.id);
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: recipient.manager.token });
  });

  it('pauses a subscription after repeated failures, e-mails those who may resume it, and delivers in order once resumed', async () => {
    let up = false;
    receiver.on('/down', () => (up ? 200 : 503));
    // A member with the default grants (Raccordements – modification among them) may not resume the
    // principal manager's subscription: he is not told about it, nor given its URL.
    const plain = await givenActiveUser(t, { firstName: 'Membre' });
    await givenMember(t, supplier.owner, supplier.id, plain);
    const sub = await subscribe(supplier.owner.token, { structureId: supplier.id, url: receiver.url('/down'), eventTypes: ['invoice.status-changed'] });
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    await t.mail.waitForTemplate(supplier.owner.email, 'webhooks.subscription-paused');
    await t.flushOutbox();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.mail.mails.filter((m) => m.template === 'webhooks.subscription-paused').flatMap((m) => m.to)).not.toContain(plain.email.toLowerCase());
    expect((await t.http.post(`/api/v1/webhooks/${sub.id}/resume`, undefined, { token: plain.token })).status).toBe(404);
    const paused = (await t.http.get(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token })).body;
    expect(paused).toMatchObject({ status: 'PAUSED', consecutiveFailures: 3 });
    // Ordered: only the invoice's first event was tried (three times).
    expect(receiver.at('/down').map((d) => d.json.data.status)).toEqual(['DEPOSEE', 'DEPOSEE', 'DEPOSEE']);

    up = true;
    const resumed = await t.http.post(`/api/v1/webhooks/${sub.id}/resume`, undefined, { token: supplier.owner.token });
    expect(resumed.body).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 0 });
    await waitUntil(() => receiver.at('/down').filter((d) => d.answered === 200).length === 3);
    expect(receiver.at('/down').filter((d) => d.answered === 200).map((d) => d.json.data.status)).toEqual(['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
    expect(receiver.at('/down').every((d) => d.json.data.invoiceId === invoiceId)).toBe(true);
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token });
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.on('/redirect', () => 302);
    const sub = await subscribe(recipient.manager.token, { structureId: recipient.id, url: receiver.url('/redirect'), eventTypes: ['invoice.received'] });
    await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => receiver.at('/redirect').length >= 2);
    const [delivery] = await deliveries(recipient.manager.token, sub.id);
    expect(delivery.log[0].statusCode).toBe(302);
    expect(receiver.at('/followed')).toEqual([]);
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: recipient.manager.token });
  });

  it('signs with both secrets during a rotation overlap, with the new one alone after', async () => {
    const sub = await subscribe(supplier.owner.token, { structureId: supplier.id, url: receiver.url('/rotation'), eventTypes: ['invoice.status-changed'] });
    const rotated = await t.http.post(`/api/v1/webhooks/${sub.id}/secret`, { overlapMinutes: 60 }, { token: supplier.owner.token });
    expect(rotated.status).toBe(200);
    const a = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => receiver.at('/rotation').filter((d) => d.json.data.invoiceId === a).length === 3);
    for (const d of receiver.at('/rotation')) {
      expect(signedWith(d, sub.secret)).toBe(true);
      expect(signedWith(d, rotated.body.secret)).toBe(true);
    }
    const again = await t.http.post(`/api/v1/webhooks/${sub.id}/secret`, { overlapMinutes: 0 }, { token: supplier.owner.token });
    const b = await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => receiver.at('/rotation').filter((d) => d.json.data.invoiceId === b).length === 3);
    for (const d of receiver.at('/rotation').filter((x) => x.json.data.invoiceId === b)) {
      expect(signedWith(d, again.body.secret)).toBe(true);
      expect(signedWith(d, rotated.body.secret)).toBe(false);
    }
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token });
  });

  it('is verified by the signature snippets of docs/connect-your-erp.md (Node.js and Python)', async () => {
    const guide = readFileSync(path.resolve(__dirname, '../../../docs/connect-your-erp.md'), 'utf8');
    const chapter = guide.slice(guide.indexOf('## Receive events'));
    const js = /```js\n([\s\S]*?)```/.exec(chapter)![1]!;
    const python = /```python\n([\s\S]*?)```/.exec(chapter)![1]!;
    const verify = new Function('require', `${js}\nreturn verifyLiasseSignature;`)(require) as (body: Buffer, header: string, secrets: string[]) => boolean;

    const sub = await subscribe(supplier.owner.token, { structureId: supplier.id, url: receiver.url('/docs'), eventTypes: ['invoice.status-changed'] });
    await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(() => receiver.at('/docs').length > 0);
    const [delivery] = receiver.at('/docs');
    const header = String(delivery!.headers['liasse-signature']);
    const body = Buffer.from(delivery!.body);
    expect(verify(body, header, [sub.secret])).toBe(true);
    expect(verify(body, header, ['whsec_wrong', sub.secret])).toBe(true);
    expect(verify(body, header, ['whsec_wrong'])).toBe(false);
    expect(verify(Buffer.from(delivery!.body.replace('DEPOSEE', 'REJETEE')), header, [sub.secret])).toBe(false);
    expect(verify(body, header.replace(/t=\d+/, 't=1000000000'), [sub.secret])).toBe(false);

    const driver = `${python}\nimport os, sys\nsys.exit(0 if verify_liasse_signature(os.environb[b"BODY"], os.environ["HEADER"], [os.environ["SECRET"]]) else 1)\n`;
    const run = (secret: string, raw = delivery!.body) => spawnSync('python3', ['-c', driver], { env: { ...process.env, BODY: raw, HEADER: header, SECRET: secret } });
    expect(run(sub.secret).status).toBe(0);
    expect(run('whsec_wrong').status).toBe(1);
    expect(run(sub.secret, delivery!.body.replace('DEPOSEE', 'REJETEE')).status).toBe(1);
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token });
  });

  it('keeps events for a feed until they are acknowledged', async () => {
    const sub = await subscribe(supplier.owner.token, { structureId: supplier.id, eventTypes: ['invoice.status-changed'] });
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient);
    const read = async (query = '') => (await t.http.get(`/api/v1/webhooks/${sub.id}/events${query}`, { token: supplier.owner.token })).body;
    await waitUntil(async () => (await read()).events.length === 3);
    const first = await read('?limit=2');
    expect(first.events.map((e: any) => e.data.status)).toEqual(['DEPOSEE', 'EN_COURS_ACHEMINEMENT']);
    expect(first.events[0]).toMatchObject({ type: 'invoice.status-changed', structureId: supplier.id, data: { invoiceId } });
    expect(first.cursor).toBe(first.events[1].cursor);
    expect((await read(`?after=${first.cursor}`)).events.map((e: any) => e.data.status)).toEqual(['MISE_A_DISPOSITION']);

    const ack = await t.http.post(`/api/v1/webhooks/${sub.id}/events/ack`, { cursor: first.events[0].cursor }, { token: supplier.owner.token });
    expect(ack.body).toEqual({ acknowledged: 1 });
    // What was read but not acknowledged comes back.
    expect((await read()).events.map((e: any) => e.data.status)).toEqual(['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
    expect((await t.http.get(`/api/v1/webhooks/${sub.id}/deliveries`, { token: supplier.owner.token })).body.code).toBe('WEBHOOKS.NOT_A_WEBHOOK');
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token });
  });

  it('tells each side of a ticket when it is opened, changes status or gets a message, and no one else', async () => {
    const mine = await subscribe(supplier.owner.token, { structureId: supplier.id, url: receiver.url('/ticket-emitter'), eventTypes: ['ticket.updated'] });
    await subscribe(recipient.manager.token, { structureId: recipient.id, url: receiver.url('/ticket-receiver'), eventTypes: ['ticket.updated'] });
    const other = await givenPublicRecipient(t);
    await subscribe(other.manager.token, { structureId: other.id, url: receiver.url('/ticket-other'), eventTypes: ['ticket.updated'] });

    const ticket = await openTicket(t, supplier.owner.token, { subCategoryCode: 'FE_M_ENTITE_PUBLIQUE', emitterStructureId: supplier.id, receiverStructureId: recipient.id, title: 'Bon de commande', description: 'Lequel ?' });
    const asked = await t.http.post(`/api/v1/tickets/${ticket.id}/transitions`, { status: 'EN_ATTENTE_INFORMATIONS', message: 'Quel bon ?' }, { token: recipient.clerk.token });
    expect(asked.status).toBe(200);
    // The emitter's answer reopens the ticket (a status change); the receiver's plain message moves nothing.
    expect((await t.http.post(`/api/v1/tickets/${ticket.id}/messages`, { message: 'BC-2026-17' }, { token: supplier.owner.token })).status).toBe(201);
    expect((await t.http.post(`/api/v1/tickets/${ticket.id}/messages`, { message: 'Merci, nous regardons.' }, { token: recipient.clerk.token })).status).toBe(201);

    // Ticket events are not ordered among themselves (each change is fanned out by its own job): compared as sets.
    const changes = (path: string) => receiver.at(path).map((d) => `${d.json.data.change}:${d.json.data.by}:${d.json.data.status}`).sort();
    const expected = ['MESSAGE_ADDED:RECEIVER:OUVERT', 'OPENED:EMITTER:OUVERT', 'STATUS_CHANGED:EMITTER:OUVERT', 'STATUS_CHANGED:RECEIVER:EN_ATTENTE_INFORMATIONS'];
    await waitUntil(() => changes('/ticket-emitter').length >= 4 && changes('/ticket-receiver').length >= 4);
    for (const [path, side, structureId] of [['/ticket-emitter', 'EMITTER', supplier.id], ['/ticket-receiver', 'RECEIVER', recipient.id]] as const) {
      expect(changes(path)).toEqual(expected);
      const of = (change: string) => receiver.at(path).find((d) => d.json.data.change === change)!.json;
      expect(of('OPENED')).toMatchObject({ type: 'ticket.updated', structureId, data: { ticketId: ticket.id, ticketNumber: ticket.number, title: 'Bon de commande', side, activityId: null, emitterStructureId: supplier.id, receiverStructureId: recipient.id } });
      expect(receiver.at(path).find((d) => d.json.data.by === 'RECEIVER' && d.json.data.change === 'STATUS_CHANGED')!.json.data).toMatchObject({ previousStatus: 'OUVERT', activityId: expect.any(String) });
      expect(of('MESSAGE_ADDED').data).toMatchObject({ previousStatus: null, activityId: expect.any(String) });
    }
    expect(signedWith(receiver.at('/ticket-emitter')[0]!, mine.secret)).toBe(true);
    // Delivered to both sides by now: a third structure's subscription got nothing.
    expect(receiver.at('/ticket-other')).toEqual([]);
  });

  it('fans an invoice’s events out in history order when their jobs come in the wrong order', async () => {
    const sub = await subscribe(supplier.owner.token, { structureId: supplier.id, eventTypes: ['invoice.status-changed'] });
    const invoiceId = await givenAvailableInvoice(t, supplier, recipient); // history ranks 1 (draft) to 4
    await waitUntil(async () => (await t.http.get(`/api/v1/webhooks/${sub.id}/events`, { token: supplier.owner.token })).body.events.length === 3);
    const handler = t.app.get(InvoiceStatusEvents);
    const fanOut = (seq: number, to: string) => {
      const event: DomainEventEnvelope<'lifecycle.status-changed'> = {
        id: `0193f000-0000-7000-8000-00000000000${seq}`,
        type: 'lifecycle.status-changed',
        occurredAt: new Date().toISOString(),
        actor: { kind: 'system' },
        payload: { invoiceId, from: 'MISE_A_DISPOSITION', to, supplierStructureId: supplier.id, recipientStructureId: recipient.id, comment: null, seq },
      };
      const em = t.orm.em.fork() as EntityManager;
      return RequestContext.create(em, () => em.transactional(() => handler.handle(event)));
    };
    // Rank 6 before rank 5: given back to the queue (after a short wait), nothing published.
    await expect(fanOut(6, 'SUSPENDUE')).rejects.toBeInstanceOf(EarlierEventPending);
    await fanOut(5, 'SERVICE_FAIT');
    await fanOut(6, 'SUSPENDUE');
    const events = (await t.http.get(`/api/v1/webhooks/${sub.id}/events`, { token: supplier.owner.token })).body.events;
    expect(events.map((e: any) => e.data.status)).toEqual(['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT', 'SUSPENDUE']);
    await t.http.delete(`/api/v1/webhooks/${sub.id}`, { token: supplier.owner.token });
  });

  it('lets an API client subscribe for its technical account, and hides others’ subscriptions', async () => {
    const erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    const asErp = { token: erp.token, headers: { 'cpro-account': erp.cproAccount } };
    const created = await t.http.post('/api/v1/webhooks', { structureId: supplier.id, eventTypes: ['invoice.status-changed'] }, asErp);
    expect(created.status).toBe(201);
    expect(created.body.owner).toMatchObject({ kind: 'client', technicalAccountId: erp.technicalAccountId, oauthClientId: erp.oauthClientId });
    expect((await t.http.post('/api/v1/webhooks', { structureId: recipient.id, eventTypes: ['invoice.received'] }, asErp)).status).toBe(403);
    await givenAvailableInvoice(t, supplier, recipient);
    await waitUntil(async () => (await t.http.get(`/api/v1/webhooks/${created.body.id}/events`, asErp)).body.events?.length === 3);

    // Someone without Raccordements on the supplier sees nothing of it.
    expect((await t.http.get(`/api/v1/webhooks/${created.body.id}`, { token: recipient.clerk.token })).status).toBe(404);
    expect((await t.http.post('/api/v1/webhooks', { structureId: supplier.id, eventTypes: ['invoice.status-changed'] }, { token: recipient.clerk.token })).status).toBe(403);
    // The structure's manager sees it.
    const listed = (await t.http.get(`/api/v1/webhooks?structureId=${supplier.id}`, { token: supplier.owner.token })).body.items;
    expect(listed.map((s: any) => s.id)).toContain(created.body.id);
  });
});

describe('webhook targets with the default settings (SSRF rules)', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_RETRY_BASE_MS: '50' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it.each([
    ['http://erp.example.com/hook', 'http'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.20.30.40/hook', '10/8'],
    ['https://169.254.169.254/latest/meta-data', 'cloud metadata'],
    ['https://[::1]/hook', 'IPv6 loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
    ['https://[::127.0.0.1]/hook', 'IPv4-compatible loopback'],
    ['https://[64:ff9b:1::a00:1]/hook', 'local-use NAT64 of 10/8'],
    ['https://[2002:a9fe:a9fe::1]/hook', '6to4 of the cloud metadata address'],
    ['https://2130706433/hook', 'loopback in decimal'],
    ['https://0x7f.1/hook', 'loopback in hexadecimal, short'],
  ])('refuses %s (%s)', async (url) => {
    const res = await t.http.post('/api/v1/webhooks', { structureId: supplier.id, url, eventTypes: ['invoice.status-changed'] }, { token: supplier.owner.token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'WEBHOOKS.TARGET_NOT_ALLOWED', field: 'url' });
  });

  it('refuses, at delivery, a name that resolves to loopback: nothing reaches the address', async () => {
    const port = new URL(receiver.url('/')).port;
    const res = await t.http.post(
      '/api/v1/webhooks',
      { structureId: supplier.id, url: `https://localhost:${port}/inside`, eventTypes: ['invoice.status-changed'] },
      { token: supplier.owner.token },
    );
    expect(res.status).toBe(201);
    await givenAvailableInvoice(t, supplier, recipient);
    let log: any[] = [];
    await waitUntil(async () => {
      log = (await t.http.get(`/api/v1/webhooks/${res.body.id}/deliveries`, { token: supplier.owner.token })).body.items;
      return log.some((d) => d.log.length > 0);
    });
    const attempt = log.flatMap((d) => d.log)[0];
    expect(attempt).toMatchObject({ statusCode: null });
    expect(attempt.error).toMatch(/refused: localhost resolves to .*not a public address/);
    expect(receiver.received).toEqual([]);
  });
});
