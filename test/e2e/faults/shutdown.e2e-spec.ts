import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TEST_JWT_SECRET, TEST_REDIS_URL } from '../../setup/test-env';
import { SmtpSink } from '../../support/smtp-sink';
import { TcpProxy } from '../../support/tcp-proxy';
import { createTestDatabase } from '../../support/test-app';
import { freePort } from '../../support/ports';

/**
 * Issue 18: the API and the worker exited 143 on SIGTERM and logged nothing; with Redis down, a
 * worker's SIGTERM never finished. Real processes here (the entry points themselves), signalled as an
 * orchestrator does.
 */
const ROOT = path.resolve(__dirname, '../../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
  signalledAt: { at: number };
}

function start(entry: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const signalledAt = { at: 0 };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, afterMs: Date.now() - signalledAt.at })),
  );
  return { child, output: () => output, exited, signalledAt };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}


describe('shutdown of the real processes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let mail: SmtpSink;
  const children: ChildProcess[] = [];

  const baseEnv = (): Record<string, string> => ({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: '3',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `liasse-test-shutdown-${process.pid}`,
    SMTP_URL: mail.url,
    MAIL_FROM: 'Liasse Test <no-reply@liasse.test>',
    PUBLIC_URL: 'http://liasse.test',
    CAPTCHA_ENABLED: 'false',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: '8000',
    WORKER_HTTP_PORT: '0',
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    mail = new SmtpSink();
    await mail.start();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await mail?.stop();
    await database?.drop();
  });

  it('the API drains, logs one line and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const api = start('src/main.ts', { ...baseEnv(), APP_ROLE: 'api', PORT: String(port), HOST: '127.0.0.1' });
    children.push(api.child);
    await until(
      async () => (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status).catch(() => 0)) === 200,
      60_000,
      api.output,
    );
    api.signalledAt.at = Date.now();
    api.child.kill('SIGTERM');
    const exit = await api.exited;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(api.output()).toMatch(/Liasse API stopped on SIGTERM after \d+ ms/);
  }, 90_000);

  it('the API answers 503 to a request that reaches it during the drain, and its access log has that line', async () => {
    const port = await freePort();
    const api = start('src/main.ts', { ...baseEnv(), APP_ROLE: 'api', PORT: String(port), HOST: '127.0.0.1' });
    children.push(api.child);
    await until(async () => (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status).catch(() => 0)) === 200, 60_000, api.output);

    // A request in flight (its body half sent) keeps the connection busy through the close; the request
    // pipelined behind it reaches the server only once it is closing, as from a load balancer's pool.
    const socket = net.connect(port, '127.0.0.1');
    let answers = '';
    socket.on('data', (chunk: Buffer) => (answers += chunk.toString('latin1')));
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const body = JSON.stringify({ email: 'nobody@liasse.test', password: 'not-the-password' });
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 300));

    api.child.kill('SIGTERM');
    // The listener is closed (new connections refused) once Fastify closes: from then on it drains.
    await until(() => new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); resolve(false); }).once('error', () => resolve(true))), 20_000, api.output);
    socket.write(`${body.slice(10)}GET /api/v1/directory/structures/11000201100044 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: drain-503-probe\r\n\r\n`);

    const exit = await api.exited;
    socket.destroy();
    expect(exit.code).toBe(0);
    const statuses = [...answers.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).not.toBe(503); // the request in flight was served
    expect(statuses[1]).toBe(503);
    expect(answers).toMatch(/connection: close/i);
    expect(answers).toMatch(/retry-after: 1/i);
    expect(answers).toContain('COMMON.SERVICE_UNAVAILABLE');
    const accessLines = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string }; res?: { statusCode?: number } });
    expect(accessLines).toContainEqual(
      expect.objectContaining({ req: expect.objectContaining({ id: 'drain-503-probe', url: '/api/v1/directory/structures/11000201100044' }), res: { statusCode: 503 } }),
    );
  }, 90_000);

  it('the worker answers its own probes: liveness, readiness, and metrics behind the token (queue, outbox, mail deliveries)', async () => {
    const port = await freePort();
    const worker = start('src/main.worker.ts', { ...baseEnv(), APP_ROLE: 'worker', WORKER_HTTP_PORT: String(port), METRICS_TOKEN: 'worker-metrics-token-0123456789' });
    children.push(worker.child);
    await until(() => worker.output().includes('Liasse worker started'), 60_000, worker.output);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer worker-metrics-token-0123456789' } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    for (const name of ['liasse_queue_jobs{state="failed"}', 'liasse_outbox_unpublished_events{measure="oldest_age_seconds"}', 'liasse_mail_deliveries{state="failing"}']) expect(text).toContain(name);
    worker.signalledAt.at = Date.now();
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 90_000);

  it('the worker exits within its grace period on SIGTERM while Redis is down', async () => {
    const redis = new URL(TEST_REDIS_URL);
    const proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await proxy.start();
    try {
      const worker = start('src/main.worker.ts', { ...baseEnv(), APP_ROLE: 'worker', REDIS_URL: proxy.via(TEST_REDIS_URL) });
      children.push(worker.child);
      await until(() => worker.output().includes('Liasse worker started'), 60_000, worker.output);
      proxy.cut();
      await new Promise((r) => setTimeout(r, 500));
      worker.signalledAt.at = Date.now();
      worker.child.kill('SIGTERM');
      const exit = await worker.exited;
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(exit.afterMs).toBeLessThan(8000);
      expect(worker.output()).toMatch(/Liasse worker stopped on SIGTERM after \d+ ms/);
    } finally {
      await proxy.stop();
    }
  }, 90_000);
});
