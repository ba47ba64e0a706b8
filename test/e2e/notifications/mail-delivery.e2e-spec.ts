import { randomUUID } from 'node:crypto';
import { MailRequest, MailSender } from '../../../src/modules/notifications/contracts/mail';
import { sql } from '../accounts/helpers';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * The SMTP sender's delivery record (mail_delivery): a key is sent at most once when its job runs again,
 * and a refused message stays pending for the job's retry. (Two copies of one job never run at once: the
 * worker's handled mark, test/e2e/accounts/outbox.e2e-spec.ts.)
 */
describe('mail delivery records', () => {
  let t: TestApp;
  let sender: MailSender;

  beforeAll(async () => {
    t = await startTestApp();
    sender = t.app.get(MailSender);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const request = (key: string, to = `${key.slice(0, 8)}@example.test`): MailRequest<'invoicing.invoice-received'> => ({
    template: 'invoicing.invoice-received',
    to,
    idempotencyKey: key,
    data: { firstName: 'Ada', invoiceNumber: 'F-1', supplierName: 'ACME', amountDue: '120.00', currency: 'EUR', paymentDeadline: null, link: 'http://liasse.test/invoices/1' },
  });
  const sentTo = (to: string): number => t.mail.count((m) => m.to.includes(to));
  const record = async (key: string) =>
    (await sql<{ status: string; attempts: number; last_error: string | null }>(t, 'select status, attempts, last_error from mail_delivery where idempotency_key = ?', [key]))[0];

  it('sends a key once when the same job runs twice', async () => {
    const key = randomUUID();
    await sender.send(request(key));
    await sender.send(request(key));
    await t.mail.waitForTemplate(request(key).to, 'invoicing.invoice-received');
    expect(sentTo(request(key).to)).toBe(1);
    expect(await record(key)).toEqual({ status: 'sent', attempts: 1, last_error: null });
  });

  it('keeps its record when the job that asked rolls back, so the retry does not send again', async () => {
    const key = randomUUID();
    const job = t.orm.em.fork().transactional(async () => {
      await sender.send(request(key));
      throw new Error('the job failed after sending');
    });
    await expect(job).rejects.toThrow('the job failed after sending');
    expect(await record(key)).toEqual({ status: 'sent', attempts: 1, last_error: null });

    await sender.send(request(key));
    await t.mail.waitForTemplate(request(key).to, 'invoicing.invoice-received');
    expect(sentTo(request(key).to)).toBe(1);
  });

  it('keeps a refused message pending with its error, then sends it on the retry', async () => {
    const key = randomUUID();
    t.mail.rejectNext(1);
    await expect(sender.send(request(key))).rejects.toThrow();
    expect(await record(key)).toEqual({ status: 'pending', attempts: 1, last_error: expect.stringContaining('451') });
    expect(sentTo(request(key).to)).toBe(0);

    await sender.send(request(key));
    await t.mail.waitForTemplate(request(key).to, 'invoicing.invoice-received');
    expect(sentTo(request(key).to)).toBe(1);
    expect(await record(key)).toEqual({ status: 'sent', attempts: 2, last_error: expect.stringContaining('451') });
  });
});
