import { EntityManager } from '@mikro-orm/postgresql';
import { Outbox } from '../../../src/shared/outbox/outbox';
import { WorkQueue } from '../../../src/shared/queue/work-queue';
import { givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { CapturedMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { sql } from '../accounts/helpers';

/**
 * The relay enqueues a handler's job only for the events it acts on (`@OnDomainEvent(…, when)`): the
 * status e-mails handler gets the statuses that notify someone, not every status change.
 */
describe('event dispatch by handler filter', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The status-changed events of an invoice, in order, with whether the status e-mail job exists. */
  async function statusEvents(invoiceId: string): Promise<{ to: string; published: boolean; mailJob: boolean }[]> {
    await t.flushOutbox();
    const rows = await sql<{ id: string; to: string; published_at: string | null }>(
      t,
      `select id, payload->>'to' as "to", published_at from outbox_event
        where type = 'lifecycle.status-changed' and payload->>'invoiceId' = ? order by (payload->>'seq')::int`,
      [invoiceId],
    );
    const queue = t.app.get(WorkQueue).queue;
    return Promise.all(
      rows.map(async (r) => ({ to: r.to, published: r.published_at !== null, mailJob: (await queue.getJob(`${r.id}.lifecycle.status-mail`)) !== undefined })),
    );
  }

  it('publishes every status change but queues the status e-mail only where one is due', async () => {
    const id = await givenAvailableInvoice(t, supplier, recipient);
    await t.mail.waitForTemplate(recipient.clerk.email, 'invoicing.invoice-received');
    expect(await statusEvents(id)).toEqual([
      { to: 'DEPOSEE', published: true, mailJob: false },
      { to: 'EN_COURS_ACHEMINEMENT', published: true, mailJob: false },
      { to: 'MISE_A_DISPOSITION', published: true, mailJob: true },
    ]);

    expect((await t.http.post(`/api/v1/invoices/${id}/transitions`, { status: 'SERVICE_FAIT' }, { token: recipient.clerk.token })).status).toBe(200);
    expect((await t.http.post(`/api/v1/invoices/${id}/transitions`, { status: 'SUSPENDUE', reason: 'Pièce manquante' }, { token: recipient.clerk.token })).status).toBe(200);
    await t.mail.waitForTemplate(supplier.owner.email, 'invoicing.invoice-status-changed');
    expect((await statusEvents(id)).slice(3)).toEqual([
      { to: 'SERVICE_FAIT', published: true, mailJob: false },
      { to: 'SUSPENDUE', published: true, mailJob: true },
    ]);
  });

  it('e-mails the recipient the payment deadline the event carries, and reads it for an event recorded without one', async () => {
    const id = await givenAvailableInvoice(t, supplier, recipient);
    const invoice = (await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).body;
    expect(invoice.paymentDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const aboutThis = (text: string) => (m: CapturedMail) =>
      m.to.includes(recipient.clerk.email.toLowerCase()) && m.template === 'invoicing.invoice-received' && m.text.includes(invoice.number) && m.text.includes(text);
    await t.mail.waitFor(aboutThis(`jusqu’au ${invoice.paymentDeadline}`));
    const [made] = await sql<{ payload: Record<string, unknown> }>(
      t,
      `select payload from outbox_event where type = 'lifecycle.status-changed' and payload->>'invoiceId' = ? and payload->>'to' = 'MISE_A_DISPOSITION'`,
      [id],
    );
    expect(made.payload.paymentDeadline).toBe(invoice.paymentDeadline);

    // An event recorded by an earlier version (no deadline in it): the handler reads the lifecycle's.
    await sql(t, `update invoice_lifecycle set payment_deadline = '2031-01-15' where invoice_id = ?`, [id]);
    const em = t.app.get(EntityManager).fork();
    t.app.get(Outbox).record(em, 'lifecycle.status-changed', {
      invoiceId: id,
      from: 'EN_COURS_ACHEMINEMENT',
      to: 'MISE_A_DISPOSITION',
      supplierStructureId: supplier.id,
      recipientStructureId: recipient.id,
      comment: null,
    });
    await em.flush();
    await t.flushOutbox();
    await t.mail.waitFor(aboutThis('jusqu’au 2031-01-15'));
  });
});
