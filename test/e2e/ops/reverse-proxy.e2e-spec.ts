import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/ports';
import { startTestApp, TestApp } from '../../support/test-app';

const ROOT = path.resolve(__dirname, '../../..');
const TEMPLATE = path.join(ROOT, 'deploy/nginx/liasse.conf.template');

/** nginx on this machine, if any: `.ci/run` installs it (Debian's nginx-light); a fresh laptop may lack it. */
function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      /* not there */
    }
  }
  return undefined;
}
const NGINX = findNginx();

/**
 * The shipped template rendered as the official image renders it (`${VAR}` from the environment, nginx's
 * own `$host` untouched), inside a minimal main configuration of the test's own (paths, no daemon).
 */
function renderConfig(dir: string, upstream: string, port: number): string {
  const site = readFileSync(TEMPLATE, 'utf8').replaceAll('${LIASSE_API_UPSTREAM}', upstream).replaceAll('${LIASSE_PROXY_PORT}', String(port));
  expect(site).not.toMatch(/\$\{LIASSE_/);
  writeFileSync(path.join(dir, 'liasse.conf'), site);
  const main = [
    // As root, nginx's workers would switch to `nobody`, who cannot write the temp dirs below.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    'daemon off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
    `  include ${dir}/liasse.conf;`,
    '}',
  ].join('\n');
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, main);
  return file;
}

/** One request on a connection of its own, closed after the answer: a client that keeps no connection. */
function sendAlone(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', agent: false, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Issue 18: the reverse proxy that docs/operations.md recommends in front of the API (and
 * docker-compose.prod.yml runs), with the shipped configuration: clients' connections end at nginx, which
 * passes requests on upstream connections it keeps open (Node accepts one new connection per event-loop
 * turn: past capacity, new connections are what waits); X-Forwarded-For reaches the rate limits; large
 * bodies pass; a shed request's 503 comes through as the API wrote it.
 */
(NGINX ? describe : describe.skip)('behind the shipped nginx configuration', () => {
  let t: TestApp;
  let proxy: ChildProcess;
  let dir: string;
  let base: string;
  let apiBase: string;
  let accepted = 0;

  beforeAll(async () => {
    t = await startTestApp({ TRUSTED_PROXIES: 'loopback', THROTTLE_SENSITIVE_PER_MINUTE: '3', MAX_REQUESTS_IN_FLIGHT: '1' });
    await t.app.listen(0, '127.0.0.1');
    const server = t.app.getHttpServer();
    server.on('connection', () => accepted++);
    apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'liasse-nginx-'));
    const port = await freePort();
    const config = renderConfig(dir, apiBase.slice('http://'.length), port);
    execFileSync(NGINX!, ['-t', '-q', '-c', config], { stdio: 'pipe' });
    proxy = spawn(NGINX!, ['-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const up = await sendAlone(`${base}/health/live`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${base}: ${readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    proxy?.kill('SIGQUIT');
    if (proxy && proxy.exitCode === null) await new Promise((resolve) => proxy.once('exit', resolve));
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes 30 clients that each open a connection on the upstream connections it keeps: the API accepts almost none', async () => {
    const before = accepted;
    for (let i = 0; i < 30; i++) {
      const res = await sendAlone(`${base}/health/live`);
      expect(res.status).toBe(200);
      expect(res.headers.connection).toBe('close');
    }
    // One upstream connection serves them all (a second only if nginx's first was closed meanwhile).
    expect(accepted - before).toBeLessThanOrEqual(1);
  });

  it('forwards the client address: the rate limit counts each forwarded client on its own (TRUSTED_PROXIES=loopback)', async () => {
    const login = (client: string) =>
      sendAlone(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ email: `nobody-${client}@liasse.test`, password: 'Wrong-Pass-123' }),
      });
    for (let i = 0; i < 3; i++) expect((await login('198.51.100.60')).status).toBe(401);
    expect((await login('198.51.100.60')).status).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect((await login('198.51.100.61')).status).toBe(401);
  });

  it('lets a body far above nginx default 1 MB reach the API, which answers it', async () => {
    // A flow deposit's JSON carries its file in base64: 8 MB here, without a token.
    const res = await sendAlone(`${base}/cpro/factures/v1/deposer/flux`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fichierFlux: 'A'.repeat(8 * 1024 * 1024), nomFichier: 'flux.xml', syntaxeFlux: 'IN_DP_E2_UBL_INVOICE_MIN' }),
    });
    // nginx would answer 413 in HTML; the API answers 401 in JSON.
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('passes the API 503 of a shed request through unchanged, Retry-After included, and keeps its upstream connection', async () => {
    // The one request the API serves at once (MAX_REQUESTS_IN_FLIGHT=1), held open directly on the API.
    const held = httpRequest(`${apiBase}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '2' } });
    const heldAnswer = new Promise<number>((resolve, reject) => {
      held.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      held.on('error', reject);
    });
    held.write('{');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = accepted;
    const [api, cpro] = [await sendAlone(`${base}/api/v1/me`), await sendAlone(`${base}/cpro/factures/v1/rechercher/fournisseur`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })];
    held.end('}');
    expect(await heldAnswer).toBe(400);

    expect(api.status).toBe(503);
    expect(api.headers['retry-after']).toBe('2');
    expect(JSON.parse(api.text).code).toBe('COMMON.OVERLOADED');
    expect(cpro.status).toBe(503);
    expect(JSON.parse(cpro.text).codeRetour).toBe(9502);
    expect(accepted - before).toBeLessThanOrEqual(1);
  });
});
