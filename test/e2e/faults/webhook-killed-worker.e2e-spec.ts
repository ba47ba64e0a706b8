import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET, TEST_REDIS_URL } from '../../setup/test-env';
import { waitUntil } from '../../factories/accounts';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';
import { WebhookReceiver } from '../../support/webhook-receiver';

const ROOT = path.resolve(__dirname, '../../..');
/** The receiver is on loopback: allowed here, as an operator may. */
const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_RETRY_BASE_MS: '50' };

/**
 * Issue 20: a worker killed (SIGKILL) while its delivery waits for the receiver's answer: the delivery is
 * sent again by the next worker once the claim's lease ends, and recorded once. Real worker processes
 * (the entry point), the API in the test process.
 */
describe('a worker killed mid-delivery', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ APP_ROLE: 'api', ...WEBHOOK_ENV });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t?.close();
    await receiver.stop();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        APP_ROLE: 'worker',
        DATABASE_URL: t.databaseUrl,
        DATABASE_POOL_MAX: '4',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: t.redisPrefix,
        SMTP_URL: t.mail.url,
        MAIL_FROM: 'Liasse Test <no-reply@liasse.test>',
        PUBLIC_URL: 'http://liasse.test',
        CAPTCHA_ENABLED: 'false',
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'warn',
        WORKER_HTTP_PORT: '0',
        OUTBOX_POLL_MS: '100',
        ...WEBHOOK_ENV,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  it('is delivered by the next worker after the lease, in order, one success recorded', async () => {
    receiver.on('/erp', (_d, nth) => (nth === 1 ? 'hang' : 200));
    const supplier = await givenSupplier(t);
    const recipient = await givenPublicRecipient(t);
    const sub = await t.http.post('/api/v1/webhooks', { structureId: supplier.id, url: receiver.url('/erp'), eventTypes: ['invoice.status-changed'] }, { token: supplier.owner.token });
    expect(sub.status).toBe(201);

    const first = startWorker();
    const invoiceId = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    expect((await t.http.post(`/api/v1/invoices/${invoiceId}/submission`, undefined, { token: supplier.owner.token })).status).toBe(204);
    await waitUntil(async () => {
      await t.flushOutbox();
      return receiver.at('/erp').length === 1;
    }, 60_000);
    first.kill('SIGKILL');

    startWorker();
    await waitUntil(async () => {
      await t.flushOutbox();
      return receiver.at('/erp').filter((d) => d.answered === 200).length === 3;
    }, 60_000);
    const got = receiver.at('/erp');
    // The hung event came again, after the lease (twice WEBHOOK_TIMEOUT_MS), then the others in order.
    expect(got[1]!.json.id).toBe(got[0]!.json.id);
    expect(got.slice(1).map((d) => d.json.data.status)).toEqual(['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);

    let items: any[] = [];
    await waitUntil(async () => {
      items = (await t.http.get(`/api/v1/webhooks/${sub.body.id}/deliveries`, { token: supplier.owner.token })).body.items;
      return items.length === 3 && items.every((d) => d.state === 'DELIVERED');
    });
    const deposited = items.find((d) => d.eventId === got[0]!.json.id);
    // Two attempts counted (the killed one left no log line), one success logged.
    expect(deposited).toMatchObject({ state: 'DELIVERED', attempts: 2 });
    expect(deposited.log.map((l: any) => l.statusCode)).toEqual([200]);
  }, 120_000);
});
