import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET, TEST_REDIS_URL } from '../../setup/test-env';
import { SmtpSink } from '../../support/smtp-sink';
import { createTestDatabase } from '../../support/test-app';
import { freePort } from '../../support/ports';

/**
 * Issue 18: `API_PROCESSES=2` on the real entry point: two API processes behind one port, a scrape that
 * counts both, a killed process replaced, SIGTERM passed on.
 */
const ROOT = path.resolve(__dirname, '../../..');
const METRICS_TOKEN = 'processes-metrics-token-0123456789';

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}


/** The supervisor's children, from the process table. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('API_PROCESSES=2 (the real entry point)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let mail: SmtpSink;
  let supervisor: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    mail = new SmtpSink();
    await mail.start();
  });

  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null) {
      for (const pid of childrenOf(supervisor.pid!)) process.kill(pid, 'SIGKILL');
      supervisor.kill('SIGKILL');
    }
    await mail?.stop();
    await database?.drop();
  });

  it('serves one port from two processes, sums their metrics, replaces one killed, and stops both on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        APP_ROLE: 'api',
        API_PROCESSES: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: '2',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `liasse-test-processes-${process.pid}`,
        SMTP_URL: mail.url,
        PUBLIC_URL: 'http://liasse.test',
        CAPTCHA_ENABLED: 'false',
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'warn',
        METRICS_TOKEN,
        SHUTDOWN_GRACE_MS: '8000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    const status = (path: string) => fetch(`${base}${path}`, { headers: { connection: 'close' } }).then((r) => r.status).catch(() => 0);

    // Both processes listen (each answers /health once its own start-up is done).
    await until(() => childrenOf(child.pid!).length === 2, 60_000, () => output);
    const first = childrenOf(child.pid!);
    await until(async () => (await status('/health/live')) === 200, 90_000, () => output);
    await new Promise((r) => setTimeout(r, 3000));

    // A new connection per request: the supervisor hands them out in turn, so both processes answer some.
    for (let i = 0; i < 20; i++) expect(await status('/health/live')).toBe(200);
    const scrape = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}`, connection: 'close' } });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    // The sum over both processes: one process alone would have seen about half of them.
    const live = Number(/liasse_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} (\d+)/.exec(text)?.[1]);
    expect(live).toBeGreaterThanOrEqual(21);

    // A process killed is replaced; the port keeps answering meanwhile.
    process.kill(first[0]!, 'SIGKILL');
    await until(() => /API process \d+ exited \(SIGKILL\)/.test(output), 10_000, () => output);
    expect(await status('/health/live')).toBe(200);
    await until(() => childrenOf(child.pid!).length === 2 && !childrenOf(child.pid!).includes(first[0]!), 60_000, () => output);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/Liasse API supervisor: SIGTERM, stopping 2 processes/);
  }, 180_000);
});
