import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_ADMIN_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from '../../setup/test-env';
import { freePort } from '../../support/ports';
import { adminQuery as admin } from '../../support/test-app';

/**
 * Issue 18: `npm start` (scripts/dev.mjs) as a person expects it: steps and progress, readable logs,
 * the credentials box last and complete once everything is ready, and SIGTERM stopping every child
 * (API, worker, maildev) and their own children. The real script, on the test's PostgreSQL and Redis.
 * It builds dist/ first when src/ is newer (CI has built it already).
 */
const ROOT = path.resolve(__dirname, '../../..');


/** Every live process whose process group is one of `groups` (Linux /proc). */
function processesIn(groups: Set<number>): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses: read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && groups.has(Number(pgrp))) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The direct children of `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}


describe('npm start (scripts/dev.mjs)', () => {
  const database = `${process.env.LIASSE_TEST_TEMPLATE ?? 'liasse_test_npmstart'}_s${randomBytes(3).toString('hex')}`;
  let dev: ChildProcess | undefined;
  let groups = new Set<number>();

  afterAll(async () => {
    // After a failed assertion: its own shutdown first (a SIGKILLed dev.mjs would leave its detached children).
    if (dev && dev.exitCode === null && dev.signalCode === null) {
      const gone = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 35_000))]);
    }
    for (const pid of processesIn(groups)) process.kill(pid, 'SIGKILL');
    await admin(`drop database if exists "${database}" with (force)`);
  }, 60_000);

  it('prints its steps, readable logs and the complete credentials box last; SIGTERM stops every child', async () => {
    const [port, workerPort] = [await freePort(), await freePort()];
    const databaseUrl = new URL(TEST_ADMIN_URL);
    databaseUrl.pathname = `/${database}`;
    dev = spawn(process.execPath, ['scripts/dev.mjs'], {
      cwd: ROOT,
      // A clean environment, as a terminal has: no SMTP_URL, so it starts maildev itself.
      env: {
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '/root',
        NO_COLOR: '1',
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `liasse-test-npmstart-${process.pid}`,
        JWT_SECRET: TEST_JWT_SECRET, // else it writes .liasse/dev-secret
        PORT: String(port),
        WORKER_HTTP_PORT: String(workerPort),
        DEV_WAIT_SECONDS: '30',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => dev!.on('exit', (code) => resolve(code)));

    const deadline = Date.now() + 280_000;
    while (!output.includes('Development credentials only')) {
      if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 300)); // the box's last line
    // Its children (API, worker, maildev) each lead a process group of their own.
    const children = childrenOf(dev.pid!);
    groups = new Set(children);

    // Steps, in order; the box after the servers' ready lines, with what the seed created.
    const positions = ['1/6 environment', '2/6 mailbox', '3/6 build', '4/6 migrate', '5/6 seed', '6/6 API and worker'].map((s) => output.indexOf(s));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
    const box = output.lastIndexOf('Liasse is running');
    expect(box).toBeGreaterThan(output.lastIndexOf('Liasse API listening'));
    expect(box).toBeGreaterThan(output.lastIndexOf('Liasse worker started'));
    const boxText = output.slice(box);
    for (const expected of [`http://localhost:${port}/docs`, `http://127.0.0.1:${workerPort}/health`, 'admin@liasse.localhost / Guichet-Vert-2026!', 'demo.fournisseur@liasse.localhost', 'liasse-sandbox-erp', 'TECH_900001_demo-fournisseur@cpro.liasse.localhost']) {
      expect(boxText).toContain(expected);
    }
    expect(boxText).toMatch(/Mailbox +http:\/\/127\.0\.0\.1:\d+/);
    // Readable logs: no raw pino JSON, no route-by-route start-up chatter, time and level on each line.
    expect(output).not.toMatch(/^\[(api|worker)\] +\{"level"/m);
    expect(output).not.toMatch(/Mapped \{/);
    expect(output).toMatch(/^\[api\] +\d{2}:\d{2}:\d{2} INFO +Liasse API listening/m);

    expect(children.length).toBeGreaterThanOrEqual(3);
    expect(processesIn(groups).length).toBeGreaterThanOrEqual(3);

    dev.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(processesIn(groups)).toEqual([]);
    expect(output).toMatch(/Liasse API stopped on SIGTERM/);
    expect(output).toMatch(/Liasse worker stopped on SIGTERM/);
    expect((await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status).toBeUndefined();
  }, 300_000);
});
