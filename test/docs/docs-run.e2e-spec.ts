import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SeedRunner } from '../../src/shared/seed/seed-runner';
import { startTestApp, TestApp } from '../support/test-app';
import { scriptOf, shellBlocks } from './doc-blocks';

/**
 * Docs that run: every shell example of README.md and docs/*.md is executed with bash, in order, one
 * guide per fresh sandbox — the app seeded by the seed `npm start` runs, listening on a real port, its
 * mails going to a maildev as `npm start` starts one. The test gives the guides only what a reader sets:
 * LIASSE (the API's base URL) and MAILBOX (maildev's), since their ports are free ones here.
 * A block that cannot run here says why in the markdown (`<!-- not-run: … -->`).
 */
const ROOT = path.resolve(__dirname, '../..');
const GUIDES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** Guides whose every shell block needs a setup no test provides; anything else must run some. */
const NOTHING_RUNNABLE: Record<string, string> = {
  'docs/benchmarks.md': 'its commands build, load and measure a dedicated server for minutes',
};

const DEV_ADMIN = { ADMIN_EMAIL: 'admin@liasse.localhost', ADMIN_PASSWORD: 'Guichet-Vert-2026!' }; // scripts/dev.mjs
const GUIDE_TIMEOUT_MS = 90_000;

const summary: string[] = [];

describe('docs that run', () => {
  afterAll(() => {
    process.stdout.write(`Docs that run (blocks run / not run, per guide):\n${summary.join('\n')}\n`);
  });

  it('stops at the first failing command of a block, a failed curl included, and names the block', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'liasse-docs-'));
    try {
      const blocks = shellBlocks(['```bash', 'A=1', '```', '```bash', 'curl -sf http://127.0.0.1:9/nothing | jq .', 'echo never', '```', '```bash', 'echo "$A"', '```'].join('\n'));
      fs.writeFileSync(path.join(work, 'guide.sh'), scriptOf(blocks));
      const run = await runBash(path.join(work, 'guide.sh'), work, {});
      expect(run.code).not.toBe(0);
      expect(lastStarted(run.output)).toBe('4');
      expect(run.output).not.toContain('never');
      expect(run.output).not.toContain('::doc-block 8::');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it.each(GUIDES)('%s: every shell example runs as written', async (guide) => {
    const blocks = shellBlocks(fs.readFileSync(path.join(ROOT, guide), 'utf8'));
    const runnable = blocks.filter((b) => b.notRun === null);
    const skipped = blocks.filter((b) => b.notRun !== null);
    summary.push(`  ${guide}: ${runnable.length} run, ${skipped.length} not run${skipped.map((b) => `\n      line ${b.line}: ${b.notRun}`).join('')}`);
    if (blocks.length === 0) return;
    if (runnable.length === 0) {
      expect(NOTHING_RUNNABLE[guide]).toEqual(expect.any(String));
      return;
    }
    expect(NOTHING_RUNNABLE[guide]).toBeUndefined();

    // Held until the app listens on it (starting the app takes seconds, when another test could take a port
    // that was only found free).
    const reserved = await reservePort();
    const port = reserved.port;
    const base = `http://127.0.0.1:${port}`;
    let t: TestApp | undefined;
    let mailbox: Maildev | undefined;
    // The guides run from the repository's folder (node and npx find its packages); the files they write
    // (facture.json…) go to a scratch folder that links the repository's node_modules.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'liasse-docs-'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
    try {
      mailbox = await startMaildev();
      t = await startTestApp({
        NODE_ENV: 'development',
        ...DEV_ADMIN,
        SMTP_URL: mailbox.smtpUrl,
        PUBLIC_URL: base,
        THROTTLE_SENSITIVE_PER_MINUTE: '20', // npm start's default, not the tests' 10000
        MAIL_FROM: 'Liasse <no-reply@liasse.localhost>',
      });
      await t.app.get(SeedRunner).run();
      await reserved.release();
      await t.app.listen({ port, host: '127.0.0.1' });

      const script = path.join(work, 'guide.sh');
      fs.writeFileSync(script, scriptOf(blocks));
      const run = await runBash(script, work, { LIASSE: base, MAILBOX: mailbox.webUrl });
      if (run.code !== 0) {
        const line = lastStarted(run.output) ?? '?';
        const mailboxNote = mailbox.errors() ? `\nmaildev's errors: ${mailbox.errors().slice(-2000)}` : '';
        throw new Error(`${guide}: the block at line ${line} failed (exit ${run.code}${run.timedOut ? ', timed out' : ''}). Its output:\n${outputOf(run.output, line)}${mailboxNote}`);
      }
      const ok = [...run.output.matchAll(/^::doc-block-ok (\d+)::$/gm)].map((m) => Number(m[1]));
      expect(ok).toEqual(runnable.map((b) => b.line));
    } finally {
      await reserved.release(); // already released unless the app never started
      await t?.close();
      mailbox?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, GUIDE_TIMEOUT_MS + 30_000);
});

interface Maildev {
  smtpUrl: string;
  webUrl: string;
  errors(): string;
  stop(): void;
}

/** maildev as `npm start` runs it (its SMTP port for the app, its web page and REST API for the reader), on free ports. */
async function startMaildev(): Promise<Maildev> {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const child = spawn(path.join(ROOT, 'node_modules/.bin/maildev'), ['--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--silent'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  child.on('exit', (code, signal) => (errors += `\n(maildev exited: ${signal ?? code})`));
  const webUrl = `http://127.0.0.1:${webPort}`;
  // Both ports: a first mail refused by an SMTP port not open yet would be retried after the guide gave up.
  await waitUntil(async () => (await fetch(`${webUrl}/email`).catch(() => null))?.ok === true, 20_000, `maildev did not start${errors}`);
  await waitUntil(() => tcpAnswers(smtpPort), 20_000, `maildev did not open its SMTP port${errors}`);
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, webUrl, errors: () => errors, stop: () => child.kill('SIGTERM') };
}

function runBash(script: string, cwd: string, vars: Record<string, string>): Promise<{ code: number; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    // A reader's environment: PATH and HOME, the two URLs, nothing of the test's own (no DATABASE_URL…).
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd, LANG: 'C.UTF-8', ...vars };
    const child = spawn('bash', [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, GUIDE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output, timedOut });
    });
  });
}

function lastStarted(output: string): string | null {
  const started = [...output.matchAll(/^::doc-block (\d+)::$/gm)];
  return started.length ? started[started.length - 1][1] : null;
}

/** The output of one block (the last 4000 characters), or everything with DOCS_OUTPUT=all. */
function outputOf(output: string, line: string): string {
  if (process.env.DOCS_OUTPUT === 'all') return output; // to see what the earlier blocks answered
  const start = output.lastIndexOf(`::doc-block ${line}::`);
  const text = start >= 0 ? output.slice(start) : output;
  return text.length > 4000 ? `…${text.slice(-4000)}` : text;
}

function freePort(): Promise<number> {
  return reservePort().then(async ({ port, release }) => {
    await release();
    return port;
  });
}

/** A free port, kept bound until `release`. */
function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, release: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(message);
}
