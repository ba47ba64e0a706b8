#!/usr/bin/env node
// `npm run bench`: load scenarios against a RUNNING Liasse (it starts nothing). Prints req/s and latency
// percentiles per scenario and writes them to bench-results/<date>.json. Run the server with a high
// THROTTLE_SENSITIVE_PER_MINUTE, or the login scenario measures the rate limiter (the script warns).
//
//   BENCH_URL=http://localhost:3000 BENCH_DURATION=10 BENCH_CONNECTIONS=20 npm run bench [-- scenario…]
//   BENCH_WARMUP=60 npm run bench -- submit               # seconds of unmeasured load first (default 15)
//   BENCH_RATE=200 npm run bench -- supplier-search     # open loop at a fixed arrival rate: latency at a given load
//   BENCH_SLOW=100 BENCH_RATE=200 npm run bench -- …   # open loop: also print each request slower than 100 ms
//   BENCH_NEW_CONNECTIONS=0.1 BENCH_RATE=1000 npm run bench -- cpro-search   # a tenth of the requests each on a new connection
//   npm run bench -- refusal                            # CPU of a load-shedding 503 (API with MAX_REQUESTS_IN_FLIGHT=1)
//
// Why not autocannon's overallRate for BENCH_RATE: it lets each connection send back to back until its
// share of the second is used up, then idle until the next second, so 200 req/s arrive as a burst at the
// start of each second and the latency measured is that of a saturated server for part of every second.
// The open loop here sends request k at t0 + k/rate (evenly spaced arrivals, as wrk2 or k6's
// constant-arrival-rate do), on as many keep-alive sockets as needed, and measures each latency from the
// request's scheduled time, so a stalled server is not hidden by requests that were never sent
// (coordinated omission).
//
// The invoice scenarios (supplier-search, recipient-search, submit, transition) want the large dataset of
// `npm run bench:data` (scripts/generate-invoices.mjs) and, for submit, a running worker (routing).
//
// cpro-flow (issue 17) measures processing capacity as an ERP fleet loads the platform: deposits in a closed
// loop on the deposit alone (or BENCH_RATE per second), each flow's report read 1 s after its deposit then
// every second until final (BENCH_FLOW_POLL_MS), flows deposited *and* integrated per second and the
// time-to-final percentiles (see cproFlow). Run a discarding SMTP sink meanwhile (SMTP_URL): a missing
// mailbox makes the worker retry the status mails, and those retries are counted as flow CPU.
import autocannon from 'autocannon';
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const { authenticator } = require('otplib');

const BASE = (process.env.BENCH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
// Each scenario first runs unmeasured for this long (closed loop), so that the figures are those of warm
// processes: V8 compiles the hot paths with its optimising tier only after many calls, and a fresh
// server spends far more CPU per request (docs/benchmarks.md, "Method": the submission chain needed
// about a minute of load to settle). 0 measures a cold server.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
// The sandbox's demo supplier (npm run seed), whose authenticator secret is documented for scripts.
const USER = process.env.BENCH_EMAIL ?? 'demo.fournisseur@liasse.localhost';
const PASSWORD = process.env.BENCH_PASSWORD ?? 'Ornithorynque-42!';
const TOTP_SECRET = process.env.BENCH_TOTP_SECRET ?? 'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD';
// The sandbox's demo recipient (COMMUNE DE LYON), same password and secret.
const RECIPIENT_USER = process.env.BENCH_RECIPIENT_EMAIL ?? 'demo.acheteur@liasse.localhost';
const RECIPIENT_SIRET = '21690123100011';
const SUPPLIER_SIRET = '91234567500017';
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const SLOW = process.env.BENCH_SLOW ? Number(process.env.BENCH_SLOW) : undefined;
/**
 * BENCH_NEW_CONNECTIONS=0.1: that share of requests goes on a connection of its own, closed after the answer,
 * as a client that keeps no connection does (a PHP script run per call, curl from a cron job); the rest reuse
 * the keep-alive agent's. Past capacity, the server accepts a new connection only once per event-loop turn.
 */
const NEW_CONNECTIONS = Number(process.env.BENCH_NEW_CONNECTIONS ?? 0);
let newConnectionDebt = 0;
/** The phase being run: the warm-up (unmeasured, closed loop) or the measurement. */
const phase = { seconds: DURATION, rate: RATE, warming: false };

const target = new URL(BASE);
/** Keep-alive sockets for the open-loop and submission drivers (autocannon has its own). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/**
 * The open loop's record of one task: when its first request was handed to the kernel (after waiting for a
 * free socket of the agent, and for this process's own loop). Splits a latency into the generator's share
 * (due → written) and the server's (written → answered): past capacity, on a shared host, they differ.
 */
const traces = new AsyncLocalStorage();

/** One HTTP exchange on the shared keep-alive agent; resolves with the status and the body read in full. */
function send({ method, path, headers = {}, body }) {
  const trace = traces.getStore();
  // Evenly spread: every 1/NEW_CONNECTIONS-th request opens its own connection.
  newConnectionDebt += NEW_CONNECTIONS;
  const alone = newConnectionDebt >= 1;
  if (alone) newConnectionDebt -= 1;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent: alone ? false : agent, host: target.hostname, port: target.port || 80, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body, () => {
      if (trace && trace.writtenAt === undefined) Object.assign(trace, { writtenAt: performance.now(), fresh: !req.reusedSocket });
    });
  });
}

/**
 * CPU accounting (BENCH_PIDS=api:<pid>,worker:<pid>, optional): CPU seconds (user + system, from /proc) spent
 * during a scenario by each named process, by the PostgreSQL backends of BENCH_DATABASE_URL's database
 * (those alive at both ends), by redis-server and by this load generator, divided by the operations done.
 * On a shared 2-core machine CPU per operation is far steadier than req/s, and the split says who to fix.
 */
const TICK = 100;
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return undefined;
  }
}
const named = Object.fromEntries((process.env.BENCH_PIDS ?? '').split(',').filter(Boolean).map((pair) => pair.split(':')));
let pgClient;

/**
 * PostgreSQL's CPU during a run: the benchmarked database's backends and the server's background
 * processes (WAL writer, checkpointer, autovacuum…), sampled every 250 ms so that pool connections opened
 * and closed during the run count too (a backend first seen during the run counts from 0: all its life
 * is the run's; one gone before the end counts until its last sample).
 */
class PostgresCpu {
  constructor() {
    this.first = new Map();
    this.last = new Map();
  }

  async start() {
    if (!pgClient) {
      const { Client } = require('pg');
      pgClient = new Client({ connectionString: process.env.BENCH_DATABASE_URL });
      await pgClient.connect();
    }
    await this.sample(true);
    this.timer = setInterval(() => void this.sample(false).catch(() => undefined), 250);
    this.timer.unref();
  }

  async sample(initial) {
    const { rows } = await pgClient.query(
      `select pid from pg_stat_activity where (datname = current_database() or datname is null) and pid <> pg_backend_pid()`,
    );
    for (const { pid } of rows) {
      const cpu = cpuOf(pid);
      if (cpu === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, initial ? cpu : 0);
      this.last.set(pid, cpu);
    }
  }

  async stop() {
    clearInterval(this.timer);
    await this.sample(false);
    let spent = 0;
    for (const [pid, cpu] of this.last) spent += cpu - this.first.get(pid);
    return spent;
  }
}

async function cpuSnapshot() {
  const snap = new Map(Object.entries(named).map(([name, pid]) => [name, cpuOf(pid)]));
  const usage = process.cpuUsage();
  snap.set('generator', (usage.user + usage.system) / 1e6);
  try {
    const redis = execFileSync('pidof', ['redis-server']).toString().trim().split(/\s+/)[0];
    if (redis) snap.set('redis', cpuOf(redis));
  } catch {
    /* no redis-server on this machine */
  }
  return snap;
}
function cpuPerOp(before, after, ops, postgresSeconds) {
  if (!ops) return {};
  const out = {};
  for (const [name, value] of after) {
    const was = before.get(name);
    if (value !== undefined && was !== undefined) out[`cpu_${name}`] = Math.round(((value - was) * 1000 * 100) / ops) / 100;
  }
  if (postgresSeconds !== undefined) out.cpu_postgres = Math.round((postgresSeconds * 1000 * 100) / ops) / 100;
  out.cpu_total = Math.round(Object.values(out).reduce((a, b) => a + b, 0) * 100) / 100;
  return out;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : 0;
};

/**
 * Open-loop load: starts `task` at evenly spaced instants (rate per second) for the phase's seconds, whatever
 * the server's state, and measures each task from its scheduled instant (coordinated omission included).
 * Resolves when every started task has finished.
 */
async function openLoop(rate, task) {
  const latencies = [];
  const shed = [];
  let errors = 0;
  let firstError;
  let inFlight = 0;
  let maxInFlight = 0;
  const pending = [];
  // Per request: the generator's lag (due → written) and the server's time (written → answered), 503s apart.
  const lags = [];
  const servedServer = [];
  const shedServer = [];
  // The server's time for requests sent on a connection the agent had to open (accepted by the server first).
  const freshServer = [];
  const interval = 1000 / rate;
  const t0 = performance.now();
  const total = Math.round(phase.seconds * rate);
  for (let k = 0; k < total; k++) {
    const due = t0 + k * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const trace = {};
    const split = (server) => {
      if (trace.writtenAt === undefined) return;
      lags.push(trace.writtenAt - due);
      server.push(performance.now() - trace.writtenAt);
      if (trace.fresh) freshServer.push(performance.now() - trace.writtenAt);
    };
    pending.push(
      traces.run(trace, () => task(k)).then(
        () => {
          split(servedServer);
          const latency = performance.now() - due;
          latencies.push(latency);
          // BENCH_SLOW=<ms>: each slower request with its due time (epoch ms), to line stalls up with GC or server logs.
          if (SLOW !== undefined && latency > SLOW) console.error(`SLOW ${Math.round(latency)} ms, due at ${Math.round(performance.timeOrigin + due)}`);
        },
        (error) => {
          // A 503 is the server shedding load (MAX_EVENT_LOOP_DELAY_MS): counted apart, with its latency,
          // since "refused fast" is what it should be past capacity.
          if (error.status === 503) {
            split(shedServer);
            shed.push(performance.now() - due);
            return;
          }
          errors++;
          firstError ??= error;
        },
      ).finally(() => inFlight--),
    );
  }
  const sent = (performance.now() - t0) / 1000;
  await Promise.all(pending);
  const seconds = (performance.now() - t0) / 1000;
  if (firstError) console.warn(`  ! ${errors} failed, first: ${firstError.message}`);
  return {
    rate,
    requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    total: latencies.length,
    non2xx: errors + shed.length,
    errors,
    shed503: shed.length,
    shedP99: percentile(shed, 99),
    // Where the time went: in the generator (waiting for a socket or for its own loop) or in the server.
    sendLagP99: percentile(lags, 99),
    serverP99: percentile(servedServer, 99),
    shedServerP99: percentile(shedServer, 99),
    freshConnections: freshServer.length,
    freshServerP99: percentile(freshServer, 99),
    maxInFlight,
    sendSeconds: Math.round(sent * 10) / 10,
  };
}

/** The autocannon description of a scenario as a function giving the k-th request (rotations applied). */
function requestsOf(request) {
  const base = { method: request.method, path: request.path, headers: request.headers, body: request.body };
  const setup = request.requests?.[0]?.setupRequest;
  const extra = request.requests?.[0] ?? {};
  return () => {
    const req = setup ? setup({ ...base, ...extra }) : base;
    return { method: req.method, path: req.path, headers: req.headers, body: req.body };
  };
}

async function expectOk(exchange) {
  const res = await exchange;
  if (res.status < 200 || res.status >= 300) throw Object.assign(new Error(`${res.status} ${res.body.toString().slice(0, 300)}`), { status: res.status });
  return res;
}

async function json(method, path, body, token) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Signs a demo user in (password + TOTP) once, for the authenticated scenarios. */
async function accessToken(email = USER) {
  const login = await json('POST', '/api/v1/auth/login', { email, password: PASSWORD });
  if (login.method !== 'TOTP') throw new Error(`${email} must use an authenticator (run npm run seed)`);
  const code = authenticator.generate(TOTP_SECRET);
  const tokens = await json('POST', '/api/v1/auth/mfa', { challengeId: login.challengeId, code }).catch(async (error) => {
    // A code is accepted once (replay protection): a run started within the same 30 s step as the
    // previous one waits for the next code and signs in again.
    if (!String(error.message).includes('MFA_CODE_INVALID')) throw error;
    await new Promise((resolve) => setTimeout(resolve, (authenticator.timeRemaining() + 1) * 1000));
    const again = await json('POST', '/api/v1/auth/login', { email, password: PASSWORD });
    return json('POST', '/api/v1/auth/mfa', { challengeId: again.challengeId, code: authenticator.generate(TOTP_SECRET) });
  });
  return tokens.accessToken;
}

const scenarios = {
  /** Password step of sign-in: dominated by one argon2id verification (19 MiB, t=2). */
  login: async () => ({
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: USER, password: PASSWORD }),
  }),
  /** The floor of a request through the whole HTTP stack (hooks, guards, logging), no database. */
  live: async () => ({ method: 'GET', path: '/health/live' }),
  /** An authenticated read: JWT check + session lookup + one user row. */
  me: async (ctx) => ({ method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${ctx.token}` } }),
  'supplier-search': supplierSearch,
  'recipient-search': recipientSearch,
  submit: submitInvoices,
  transition: recipientTransition,
  'cpro-search': cproSearch,
  'cpro-submit': cproSubmit,
  'cpro-flow': cproFlow,
  'cpro-flow-poll': cproFlowPoll,
  'api-search': apiSearch,
  'erp-mix': erpMix,
  'document-render': documentRender,
  'document-kept': documentKept,
  refusal,
  'webhook-delay': webhookDelay,
};

/**
 * What a refusal costs (load shedding, architecture D24): run the API with MAX_REQUESTS_IN_FLIGHT=1; one request
 * is held in flight (its body never finished), so every other request is answered 503 at once, closed loop on
 * BENCH_CONNECTIONS. `cpu_api` (BENCH_PIDS) is then the CPU of one 503. Past capacity, refusals share the core
 * with the requests served: at twice the capacity, each 0.1 ms of refusal is 10 % of the core.
 */
async function refusal() {
  return {
    custom: async () => {
      const held = http.request(`${BASE}/cpro/factures/v1/rechercher/fournisseur`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '2' },
      });
      held.on('error', () => {});
      held.write('{');
      await new Promise((resolve) => setTimeout(resolve, 300));
      try {
        const { result } = await run('refusal', { method: 'GET', path: '/api/v1/me' });
        if (!phase.warming && result['5xx'] !== result.requests.total) {
          console.warn(`  ! ${result.requests.total - result['5xx']} of ${result.requests.total} requests were not refused: start the API with MAX_REQUESTS_IN_FLIGHT=1`);
        }
        return {
          requestsPerSecond: Math.round(result.requests.average),
          p50: result.latency.p50,
          p99: result.latency.p99,
          total: result.requests.total,
          non2xx: result.non2xx,
        };
      } finally {
        held.destroy();
      }
    },
  };
}

/** The structure id of one of the caller's memberships, by SIRET. */
async function structureOf(token, siret) {
  const mine = await json('GET', '/api/v1/me/memberships', undefined, token);
  const found = mine.find((m) => m.identifier === siret);
  if (!found) throw new Error(`The demo user is not a member of SIRET ${siret} (run npm run seed)`);
  return found.structureId;
}

/** Rotates GET requests over several query strings (autocannon `requests` + setupRequest). */
function rotating(token, paths) {
  let i = 0;
  return {
    method: 'GET',
    path: paths[0],
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  };
}

/** Supplier search (demo supplier, ~50 000 invoices with bench:data), 50 per page, filters rotated. */
async function supplierSearch(ctx) {
  const lyon = ctx.recipientStructureId ?? (ctx.recipientStructureId = await structureOf(await recipientToken(ctx), RECIPIENT_SIRET));
  const base = '/api/v1/invoices?role=supplier&pageSize=50';
  return rotating(ctx.token, [
    base,
    `${base}&status=MISE_A_DISPOSITION,SUSPENDUE`,
    `${base}&dateFrom=2025-01-01&dateTo=2025-03-31&sort=invoiceDate`,
    `${base}&recipientStructureId=${lyon}`,
    `${base}&status=REJETEE&dateFrom=2026-01-01`,
  ]);
}

async function recipientToken(ctx) {
  ctx.recipientToken ??= await accessToken(RECIPIENT_USER);
  return ctx.recipientToken;
}

/** Recipient search (demo recipient COMMUNE DE LYON, ~50 000 received invoices), filters rotated. */
async function recipientSearch(ctx) {
  const token = await recipientToken(ctx);
  const base = '/api/v1/invoices?role=recipient&pageSize=50';
  return rotating(token, [
    base,
    `${base}&status=MISE_A_DISPOSITION,COMPLETEE`,
    `${base}&dateFrom=2025-06-01&dateTo=2025-06-30&sort=invoiceDate`,
    `${base}&status=SERVICE_FAIT&sort=invoiceDate&direction=asc`,
  ]);
}

/**
 * PISTE API mode: `POST /cpro/factures/v1/rechercher/fournisseur`, 50 per page, as an ERP does it: the
 * sandbox OAuth client's token + the demo supplier structure's technical account (`npm run seed`).
 * Compare with `api-search` in the same run (same page, same caller structure).
 */
/** The headers of an ERP's call: the sandbox OAuth client's token + the demo supplier structure's technical account. */
async function cproHeaders() {
  const clientId = process.env.BENCH_CLIENT_ID ?? 'liasse-sandbox-erp';
  const clientSecret = process.env.BENCH_CLIENT_SECRET ?? 'sandbox-erp-secret-2026-not-for-production';
  const login = process.env.BENCH_TECH_LOGIN ?? 'TECH_900001_demo-fournisseur@cpro.liasse.localhost';
  const password = process.env.BENCH_TECH_PASSWORD ?? 'Sandbox-Fournisseur-2026-not-for-production';
  let res;
  // A server shedding load (503, after a warm-up that saturated it) is asked again when it says so.
  for (let attempt = 0; attempt < 10; attempt++) {
    res = await fetch(`${BASE}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid' }).toString(),
    });
    if (res.status !== 503) break;
    await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
  if (!res.ok) throw new Error(`POST /api/oauth/token → ${res.status} ${await res.text()} (run npm run seed)`);
  const { access_token: token } = await res.json();
  return { authorization: `Bearer ${token}`, 'cpro-account': Buffer.from(`${login}:${password}`).toString('base64') };
}

async function cproSearch() {
  return {
    method: 'POST',
    path: '/cpro/factures/v1/rechercher/fournisseur',
    headers: { ...(await cproHeaders()), 'content-type': 'application/json;charset=utf-8' },
    body: JSON.stringify({ rechercheFactureParFournisseur: { pageResultatDemandee: 1, nbResultatsParPage: 50, triColonne: 'DateDepot', triSens: 'Descendant' } }),
  };
}

/**
 * What a fleet of ERPs does through the PISTE API mode, as the demo supplier's technical account: of every
 * 10 requests, 7 supplier searches (`rechercher/fournisseur`, 50 per page, 4 variants an ERP's
 * synchronisation uses), 2 invoice reads (`consulter/fournisseur`) and 1 status history
 * (`consulter/historique`), interleaved in that order. The reads and histories rotate over BENCH_MIX_INVOICES
 * (default 2000) of the supplier's invoices listed beforehand (unmeasured), so they are not all cached rows.
 * Run it open loop (BENCH_RATE): per-type percentiles go to the console, 503s (load shedding) are counted apart.
 */
async function erpMix(ctx) {
  const headers = { ...(await cproHeaders()), 'content-type': 'application/json;charset=utf-8' };
  if (!ctx.mixInvoices) {
    const wanted = Number(process.env.BENCH_MIX_INVOICES ?? 2000);
    const ids = [];
    for (let page = 1; ids.length < wanted; page++) {
      const res = await expectOk(send({ method: 'POST', path: '/cpro/factures/v1/rechercher/fournisseur', headers, body: JSON.stringify({ rechercheFactureParFournisseur: { pageResultatDemandee: page, nbResultatsParPage: 500, triColonne: 'DateDepot', triSens: 'Descendant' } }) }));
      const found = JSON.parse(res.body.toString()).listeFactures;
      ids.push(...found.map((f) => f.idFacture));
      if (found.length < 500) break;
    }
    if (ids.length === 0) throw new Error('The demo supplier has no invoice: run npm run bench:data');
    ctx.mixInvoices = ids.slice(0, wanted);
  }
  const ids = ctx.mixInvoices;
  const search = (criteria, page = 1) => JSON.stringify({ rechercheFactureParFournisseur: { pageResultatDemandee: page, nbResultatsParPage: 50, triColonne: 'DateDepot', triSens: 'Descendant' }, ...criteria });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  // What a synchronisation asks: the latest deposits (pages 1 and 2), the invoices waiting on a status,
  // and those changed since the last run (Pastell's "Du: a date, Au: that date + T23:59:59").
  const variants = {
    latest: search({}),
    waiting: search({ statutCourant: [{ statutCourant: 'MISE_A_DISPOSITION' }, { statutCourant: 'SUSPENDUE' }] }),
    next: search({}, 2),
    changed: search({ periodeDateHeureEtatCourantDu: yesterday, periodeDateHeureEtatCourantAu: `${yesterday}T23:59:59` }),
  };
  // BENCH_MIX_SEARCHES=latest,waiting,… picks the rotated variants (default: all four).
  const searches = (process.env.BENCH_MIX_SEARCHES || Object.keys(variants).join(',')).split(',').map((name) => {
    if (!variants[name]) throw new Error(`Unknown search variant ${name}: ${Object.keys(variants).join(', ')}`);
    return variants[name];
  });
  // BENCH_MIX=searches,reads,histories out of 10 (default 7,2,1): e.g. 0,10,0 for the reads' own CPU cost.
  const [searchShare, consultShare] = (process.env.BENCH_MIX || '7,2,1').split(',').map(Number);
  let k = 0;
  return chainScenario(`requests (mix ${process.env.BENCH_MIX || '7,2,1'}: searches, reads, histories of 10)`, ['search', 'consult', 'history'], async (timed) => {
    const slot = k++;
    const position = slot % 10;
    const kind = position < searchShare ? 0 : position < searchShare + consultShare ? 7 : 9;
    const idFacture = ids[Math.floor(slot / 10) % ids.length];
    if (kind === 0) await timed('search', { method: 'POST', path: '/cpro/factures/v1/rechercher/fournisseur', headers, body: searches[Math.floor(slot / 10) % searches.length] });
    else if (kind === 7) await timed('consult', { method: 'POST', path: '/cpro/factures/v1/consulter/fournisseur', headers, body: JSON.stringify({ idFacture: ids[(slot * 7) % ids.length] }) });
    else await timed('history', { method: 'POST', path: '/cpro/factures/v1/consulter/historique', headers, body: JSON.stringify({ idFacture }) });
  });
}

/** The REST counterpart of `cpro-search`: `GET /api/v1/invoices?role=supplier&pageSize=50` as the demo supplier user. */
async function apiSearch(ctx) {
  return { method: 'GET', path: '/api/v1/invoices?role=supplier&pageSize=50', headers: { authorization: `Bearer ${ctx.token}` } };
}

/** Up to `wanted` ids of the demo recipient's invoices in MISE_A_DISPOSITION (each can take SERVICE_FAIT once). */
async function availableInvoices(token, wanted, recipientStructureId) {
  const ids = [];
  for (let page = 1; ids.length < wanted; page++) {
    const found = await json('GET', `/api/v1/invoices?role=recipient&status=MISE_A_DISPOSITION&pageSize=200&page=${page}`, undefined, token);
    // The demo buyer manages more than one recipient: a scenario that watches one keeps that one's invoices.
    ids.push(...found.items.filter((item) => !recipientStructureId || item.recipientStructureId === recipientStructureId).map((item) => item.id));
    if (found.items.length < 200) break;
  }
  if (ids.length === 0) throw new Error('No MISE_A_DISPOSITION invoice for the demo recipient: run npm run bench:data');
  const queue = ids.slice(0, wanted);
  process.stdout.write(`  ${queue.length} invoices in MISE_A_DISPOSITION prepared\n`);
  return queue;
}

/**
 * Recipient processing: MISE_A_DISPOSITION → SERVICE_FAIT, one invoice per request, on invoices listed
 * beforehand (each can take the transition once: the run stops when they are used up).
 */
async function recipientTransition(ctx) {
  const token = await recipientToken(ctx);
  const queue = await availableInvoices(token, Number(process.env.BENCH_TRANSITIONS ?? 3000));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ status: 'SERVICE_FAIT' });
  return {
    method: 'POST',
    path: `/api/v1/invoices/${queue[0]}/transitions`,
    headers,
    body,
    amount: queue.length,
    requests: [{ method: 'POST', headers, body, setupRequest: (req) => ({ ...req, path: `/api/v1/invoices/${queue.pop()}/transitions` }) }],
  };
}

/**
 * BENCH_DOCUMENTS (default 1000) invoices entered on the portal (SAISIE_WEB, no file, `BENCH_DOCUMENT_LINES`
 * lines, default 2) and submitted, made once per run (ctx) for the document scenarios: they have no
 * document until one is asked for. Needs no worker (a submitted invoice has its document at once).
 */
async function enteredInvoices(ctx) {
  if (ctx.entered) return ctx.entered;
  const supplier = await structureOf(ctx.token, SUPPLIER_SIRET);
  const wanted = Number(process.env.BENCH_DOCUMENTS ?? 1000);
  const lineCount = Number(process.env.BENCH_DOCUMENT_LINES ?? 2);
  const today = new Date().toISOString().slice(0, 10);
  const number = numbers('R');
  const lines = Array.from({ length: lineCount }, (_, i) => ({ description: `Prestation ${i + 1} — accompagnement`, quantity: '2', unitPrice: '250.00', vatRate: '20', amountExclTax: '500.00' }));
  const ht = `${lineCount * 500}.00`;
  const vat = `${lineCount * 100}.00`;
  const ttc = `${lineCount * 600}.00`;
  const ids = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (ids.length < wanted) {
        const { id } = await json('POST', '/api/v1/invoices', {
          supplierStructureId: supplier, recipientIdentifier: RECIPIENT_SIRET, recipientServiceCode: 'DCP', engagementNumber: 'EJ-BENCH-1',
          number: number(), invoiceDate: today, depositMode: 'SAISIE_WEB', paymentMode: 'VIREMENT', lines,
          totalExclTax: ht, totalVat: vat, totalInclTax: ttc, amountDue: ttc, vatBreakdown: [{ rate: '20', taxableAmount: ht, vatAmount: vat }],
        }, ctx.token);
        await json('POST', `/api/v1/invoices/${id}/submission`, {}, ctx.token);
        ids.push(id);
      }
    }),
  );
  process.stdout.write(`  ${ids.length} entered invoices (${lineCount} lines) submitted in ${Math.round((performance.now() - started) / 1000)} s\n`);
  ctx.entered = { fresh: [...ids], rendered: [] };
  return ctx.entered;
}

/**
 * First download of an entered invoice's document: the Factur-X is rendered and kept (each request a new
 * invoice). Timed chains of one request, so the phase's duration holds (autocannon's `amount` would run the
 * warm-up until the pool is empty).
 */
async function documentRender(ctx) {
  const pool = await enteredInvoices(ctx);
  const headers = { authorization: `Bearer ${ctx.token}` };
  return chainScenario('documents rendered and kept (first download)', ['document'], async (timed) => {
    const id = pool.fresh.pop();
    if (!id) throw new Error('No entered invoice left without its document: raise BENCH_DOCUMENTS');
    await timed('document', { method: 'GET', path: `/api/v1/invoices/${id}/document`, headers });
    pool.rendered.push(id);
  });
}

/** Later downloads of the same documents: kept bytes streamed from the file store (run after document-render). */
async function documentKept(ctx) {
  const pool = await enteredInvoices(ctx);
  if (pool.rendered.length === 0) throw new Error('Run document-render first (in the same run): no document rendered yet');
  return rotating(ctx.token, pool.rendered.map((id) => `/api/v1/invoices/${id}/document`));
}

/** A PDF-looking file of about `bytes` bytes (the platform recognises PDFs by their header). */
function fakePdf(bytes) {
  const head = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%');
  const tail = Buffer.from('\n%%EOF\n');
  // Random bytes, as the deflate streams of a real PDF: a run of one letter would be compressible, which
  // real invoices are not.
  const body = randomBytes(bytes - head.length - tail.length);
  return Buffer.concat([head, body, tail]);
}

/** A multipart/form-data body with one text field and one file, built once and sent as is by every chain. */
function multipart(fields, file) {
  const boundary = `----liasse-bench-${Date.now().toString(16)}`;
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A scenario made of chains of requests (`one()` runs a chain, timing its steps with `timed`). Closed loop
 * by default (BENCH_CONNECTIONS chains, each starting the next when done: throughput at saturation); with
 * BENCH_RATE, chains start at that many per second (open loop: latency at that load). Reports chains per
 * second and the chain's latency; per-step percentiles go to the console.
 */
function chainScenario(unit, stepNames, one) {
  const steps = Object.fromEntries(stepNames.map((name) => [name, []]));
  const timed = async (step, request) => {
    const t = performance.now();
    const res = await expectOk(send(request)).catch((error) => {
      throw Object.assign(new Error(`${step} → ${error.message}`), { status: error.status });
    });
    steps[step].push(performance.now() - t);
    return res;
  };
  const report = (result) => {
    for (const [step, values] of phase.warming ? [] : Object.entries(steps)) {
      process.stdout.write(`  ${step}: p50 ${percentile(values, 50)} ms, p90 ${percentile(values, 90)} ms, p99 ${percentile(values, 99)} ms (${values.length})\n`);
    }
    return { ...result, unit };
  };
  return {
    custom: async () => {
      if (phase.rate) return report(await openLoop(phase.rate, () => one(timed)));
      const chains = [];
      let errors = 0;
      let firstError;
      const end = Date.now() + phase.seconds * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (Date.now() < end) {
            const t = performance.now();
            try {
              await one(timed);
              chains.push(performance.now() - t);
            } catch (error) {
              errors++;
              firstError ??= error;
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      if (firstError) console.warn(`  ! ${errors} failed chains, first: ${firstError.message}`);
      return report({
        requestsPerSecond: Math.round((chains.length / seconds) * 10) / 10,
        p50: percentile(chains, 50),
        p90: percentile(chains, 90),
        p99: percentile(chains, 99),
        max: percentile(chains, 100),
        total: chains.length,
        non2xx: errors,
        errors,
      });
    },
  };
}

const benchPdf = () => fakePdf(Number(process.env.BENCH_PDF_BYTES ?? 1024 * 1024));
/** Invoice numbers unique per run and per chain (≤ 20 characters). */
function numbers(prefix) {
  const run = `${Date.now().toString(36).slice(-5)}`.toUpperCase();
  let counter = 0;
  return () => `${prefix}${run}-${++counter}`;
}

/** Submission of a PDF invoice as a portal user does it: create a draft, upload a 1 MB PDF, submit. Needs a worker (routing). */
async function submitInvoices(ctx) {
  const supplier = await structureOf(ctx.token, SUPPLIER_SIRET);
  const upload = multipart({ kind: 'main' }, { name: 'facture.pdf', type: 'application/pdf', content: benchPdf() });
  const auth = { authorization: `Bearer ${ctx.token}` };
  const today = new Date().toISOString().slice(0, 10);
  const number = numbers('B');
  return chainScenario('submissions (draft + 1 MB upload + submit)', ['draft', 'upload', 'submit'], async (timed) => {
    const draft = await timed('draft', {
      method: 'POST',
      path: '/api/v1/invoices',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        supplierStructureId: supplier, recipientIdentifier: RECIPIENT_SIRET, recipientServiceCode: 'DCP', engagementNumber: 'EJ-BENCH-1',
        number: number(), invoiceDate: today, depositMode: 'DEPOT_PDF_WEB', totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00',
        vatBreakdown: [{ rate: '20', taxableAmount: '1000.00', vatAmount: '200.00' }],
      }),
    });
    const { id } = JSON.parse(draft.body.toString());
    await timed('upload', { method: 'POST', path: `/api/v1/invoices/${id}/files`, headers: { ...auth, 'content-type': upload.contentType }, body: upload.body });
    await timed('submit', { method: 'POST', path: `/api/v1/invoices/${id}/submission`, headers: auth });
  });
}

/**
 * The same submission as an ERP does it through the PISTE API mode: `deposer/pdf` (the 1 MB PDF in base64)
 * then `soumettre` (DEPOT_PDF_API with the returned pieceJointeId), with the sandbox OAuth client and the
 * demo supplier's technical account. Needs a worker (routing).
 */
async function cproSubmit(ctx) {
  const headers = { ...(await cproHeaders()), 'content-type': 'application/json;charset=utf-8' };
  const supplier = await json('GET', `/api/v1/structures/${await structureOf(ctx.token, SUPPLIER_SIRET)}`, undefined, ctx.token);
  const deposit = JSON.stringify({ fichierFacture: benchPdf().toString('base64'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
  const today = new Date().toISOString().slice(0, 10);
  const number = numbers('C');
  return chainScenario('submissions (deposer/pdf 1 MB + soumettre)', ['deposer', 'soumettre'], async (timed) => {
    const pdf = await timed('deposer', { method: 'POST', path: '/cpro/factures/v1/deposer/pdf', headers, body: deposit });
    const { pieceJointeId } = JSON.parse(pdf.body.toString());
    await timed('soumettre', {
      method: 'POST',
      path: '/cpro/factures/v1/soumettre',
      headers,
      body: JSON.stringify({
        modeDepot: 'DEPOT_PDF_API',
        numeroFactureSaisi: number(),
        dateFacture: today,
        destinataire: { codeDestinataire: RECIPIENT_SIRET, codeServiceExecutant: 'DCP' },
        fournisseur: { idFournisseur: supplier.publicId },
        references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT', numeroBonCommande: 'EJ-BENCH-1' },
        montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
        ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 1000, ligneTvaMontantTvaParTaux: 200 }],
        pieceJointePrincipale: [{ pieceJointePrincipaleId: pieceJointeId }],
      }),
    });
  });
}

/**
 * A ~50 kB UBL invoice of 100 lines, valid per EN 16931 (the native rules the flow reader applies), from the
 * sandbox's supplier to COMMUNE DE LYON (service DCP, engagement EJ-BENCH-1).
 */
function benchUbl(number, lines = 100) {
  const description = 'Fournitures de bureau et consommables informatiques, lot de référence, livraison sur site. '.repeat(3).trim();
  const line = (i) =>
    `<cac:InvoiceLine><cbc:ID>${i}</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>` +
    `<cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount><cac:Item><cbc:Description>${description}</cbc:Description>` +
    `<cbc:Name>Article ${i}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>` +
    `<cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>`;
  const net = (lines * 10).toFixed(2);
  const vat = (lines * 2).toFixed(2);
  const total = (lines * 12).toFixed(2);
  const address = (city, zone) => `<cac:PostalAddress><cbc:CityName>${city}</cbc:CityName><cbc:PostalZone>${zone}</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID>${number}</cbc:ID><cbc:IssueDate>${new Date().toISOString().slice(0, 10)}</cbc:IssueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:BuyerReference>DCP</cbc:BuyerReference>
<cac:OrderReference><cbc:ID>EJ-BENCH-1</cbc:ID></cac:OrderReference>
<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0009">${SUPPLIER_SIRET}</cbc:EndpointID>${address('Paris', '75002')}
<cac:PartyTaxScheme><cbc:CompanyID>FR32${SUPPLIER_SIRET.slice(0, 9)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
<cac:PartyLegalEntity><cbc:RegistrationName>Fournisseur de démonstration</cbc:RegistrationName><cbc:CompanyID schemeID="0009">${SUPPLIER_SIRET}</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party>${address('Lyon', '69001')}<cac:PartyLegalEntity><cbc:RegistrationName>COMMUNE DE LYON</cbc:RegistrationName><cbc:CompanyID schemeID="0009">${RECIPIENT_SIRET}</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${vat}</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">${net}</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${vat}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">${net}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">${net}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">${total}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">${total}</cbc:PayableAmount></cac:LegalMonetaryTotal>
${Array.from({ length: lines }, (_, i) => line(i + 1)).join('\n')}
</Invoice>`;
}

/** The deposit of a ~50 kB UBL flow (deposer/flux) with a unique invoice number. */
function flowDeposit(headers, number) {
  const flux = Buffer.from(benchUbl(number)).toString('base64');
  return { method: 'POST', path: '/cpro/factures/v1/deposer/flux', headers, body: JSON.stringify({ fichierFlux: flux, nomFichier: 'facture.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', avecSignature: false }) };
}

/** A flow's current state (consulterCR); throws on a final state other than IN_INTEGRE, answers true once integrated. */
async function flowIntegrated(headers, numeroFluxDepot) {
  const cr = await expectOk(send({ method: 'POST', path: '/cpro/transverses/v1/consulterCR', headers, body: JSON.stringify({ numeroFluxDepot }) }));
  const state = JSON.parse(cr.body.toString()).etatCourantDepotFlux;
  if (['IN_REJETE', 'IN_INTEGRE_PARTIEL', 'IN_INCIDENTE'].includes(state)) throw new Error(`flow ${numeroFluxDepot} ended ${state}`);
  return state === 'IN_INTEGRE';
}

/**
 * Issue 17's flow throughput as an ERP fleet loads the platform: flows are deposited (closed loop on the
 * deposit alone: BENCH_CONNECTIONS depositors, each depositing again as soon as its deposit is answered,
 * while at most BENCH_FLOW_BACKLOG flows (default 60) wait for their final state, so that the worker is
 * always busy but the time-to-final (and the reads it costs) does not grow with the run; or, with
 * BENCH_RATE, that many deposits per second), and each flow's report is read sparsely, as an ERP polls: one consulterCR 1 s after its deposit
 * (BENCH_FLOW_POLL_MS), then every second until its final state. Deposits stop after the phase's seconds;
 * the run ends when every deposited flow is final. Reports flows deposited *and* fully processed per second
 * (flows / time from the first deposit to the last final state seen, so the drain at the end counts
 * against the figure, as does the poll's granularity: up to 1 s over the run) and the time-to-final
 * percentiles (deposit sent to the poll that saw the final state: so read them to within the poll period).
 * The API's CPU per flow is then the deposit plus about backlog / rate reads (printed: under 2 at 35/s
 * with the default backlog; on a loaded machine, where the rate falls, lower BENCH_FLOW_BACKLOG), not the
 * ten reads per flow of `cpro-flow-poll` (consulterCR every 100 ms, kept to compare with earlier figures).
 */
async function cproFlow() {
  const headers = { ...(await cproHeaders()), 'content-type': 'application/json;charset=utf-8' };
  const number = numbers('F');
  const pollMs = Number(process.env.BENCH_FLOW_POLL_MS ?? 1000);
  // A flow holds its place in the backlog for at least one poll period: the cap bounds the measurable rate to
  // backlog / period (60/s by default), and the reads per flow are about backlog / rate (printed).
  const backlogMax = Number(process.env.BENCH_FLOW_BACKLOG ?? 60);
  return {
    custom: async () => {
      const deposits = [];
      const toFinal = [];
      const trackers = [];
      let errors = 0;
      let firstError;
      let backlog = 0;
      let reads = 0;
      let lastFinal = performance.now();
      const fail = (error) => {
        errors++;
        firstError ??= error;
      };
      /** Deposits one flow; its report is then polled in the background (the tracker joins `trackers`). */
      const depositOne = async () => {
        const t = performance.now();
        const res = await expectOk(send(flowDeposit(headers, number()))).catch((error) => {
          throw new Error(`deposer → ${error.message}`);
        });
        deposits.push(performance.now() - t);
        const { numeroFluxDepot } = JSON.parse(res.body.toString());
        backlog++;
        trackers.push(
          (async () => {
            try {
              for (;;) {
                await new Promise((resolve) => setTimeout(resolve, pollMs));
                reads++;
                if (await flowIntegrated(headers, numeroFluxDepot)) break;
              }
              lastFinal = performance.now();
              toFinal.push(lastFinal - t);
            } finally {
              backlog--;
            }
          })().catch(fail),
        );
      };
      const started = performance.now();
      const end = started + phase.seconds * 1000;
      if (phase.rate) {
        const interval = 1000 / phase.rate;
        const sent = [];
        for (let k = 0; started + k * interval < end; k++) {
          const wait = started + k * interval - performance.now();
          if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
          sent.push(depositOne().catch(fail));
        }
        await Promise.all(sent);
      } else {
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async () => {
            while (performance.now() < end) {
              // The backlog cap keeps the run from measuring an ever-growing queue (the drain at the end would dominate).
              if (backlog >= backlogMax) {
                await new Promise((resolve) => setTimeout(resolve, 20));
                continue;
              }
              await depositOne().catch(fail);
            }
          }),
        );
      }
      const depositSeconds = (performance.now() - started) / 1000;
      // Trackers are added while deposits run; all are in the array once the depositors are done.
      await Promise.all(trackers);
      const seconds = (lastFinal - started) / 1000;
      if (firstError) console.warn(`  ! ${errors} failed flows, first: ${firstError.message}`);
      if (!phase.warming) {
        process.stdout.write(`  deposer: p50 ${percentile(deposits, 50)} ms, p90 ${percentile(deposits, 90)} ms, p99 ${percentile(deposits, 99)} ms (${deposits.length} in ${depositSeconds.toFixed(1)} s)\n`);
        process.stdout.write(`  deposit to final state (to within ${pollMs} ms): p50 ${percentile(toFinal, 50)} ms, p99 ${percentile(toFinal, 99)} ms; last final ${seconds.toFixed(1)} s after the first deposit; ${(reads / Math.max(1, toFinal.length)).toFixed(1)} consulterCR per flow\n`);
      }
      return {
        unit: 'flows (deposer/flux 50 kB UBL) deposited and integrated by the worker',
        ...(phase.rate ? { rate: phase.rate } : {}),
        requestsPerSecond: Math.round((toFinal.length / seconds) * 10) / 10,
        p50: percentile(toFinal, 50),
        p90: percentile(toFinal, 90),
        p99: percentile(toFinal, 99),
        max: percentile(toFinal, 100),
        total: toFinal.length,
        non2xx: errors,
        errors,
      };
    },
  };
}

/** The first method (kept to compare with the earlier figures): chains that deposit, then poll consulterCR every 100 ms until integrated. */
async function cproFlowPoll() {
  const headers = { ...(await cproHeaders()), 'content-type': 'application/json;charset=utf-8' };
  const number = numbers('F');
  return chainScenario('flows (deposer/flux 50 kB UBL, processed by the worker, polled every 100 ms)', ['deposer'], async (timed) => {
    const res = await timed('deposer', flowDeposit(headers, number()));
    const { numeroFluxDepot } = JSON.parse(res.body.toString());
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      if (await flowIntegrated(headers, numeroFluxDepot)) break;
    }
  });
}

function run(name, request) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${BASE}${request.path}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
        duration: phase.seconds,
        connections: CONNECTIONS,
        ...(request.requests ? { requests: request.requests } : {}),
        ...(request.amount ? { amount: request.amount } : {}),
      },
      (error, result) => (error ? reject(error) : resolve({ name, result })),
    );
  });
}

/** Runs a scenario unmeasured, closed loop, for WARMUP seconds; its results and step timings are dropped. */
/**
 * Issue 20: the delay from a status change to its webhook delivery. The demo recipient's manager subscribes a
 * receiver started here (127.0.0.1, BENCH_WEBHOOK_PORT or any free port) to `invoice.status-changed`, then
 * MISE_A_DISPOSITION → SERVICE_FAIT transitions are made open loop at BENCH_RATE per second (default 50); each
 * delay runs from the transition's request to the receiver getting its event (the server must allow the
 * loopback target: WEBHOOK_ALLOW_PRIVATE_TARGETS=true WEBHOOK_ALLOW_HTTP=true). Percentiles of the delay; the
 * CPU per delivery with BENCH_PIDS (the worker's is fan-out + signing + sending).
 */
async function webhookDelay(ctx) {
  const token = await recipientToken(ctx);
  const structureId = ctx.recipientStructureId ?? (ctx.recipientStructureId = await structureOf(token, RECIPIENT_SIRET));
  const rate = phase.rate ?? 50;
  // Only the invoices of the structure subscribed: the others' changes are not its events.
  const queue = await availableInvoices(token, Math.ceil(rate * phase.seconds) + 10, structureId);
  const sentAt = new Map();
  const delays = [];
  let settle;
  const receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const started = sentAt.get(event.data?.invoiceId);
      if (event.data?.status !== 'SERVICE_FAIT' || started === undefined) return;
      sentAt.delete(event.data.invoiceId);
      delays.push(performance.now() - started);
      if (sentAt.size === 0) settle?.();
    });
  });
  await new Promise((resolve) => receiver.listen(Number(process.env.BENCH_WEBHOOK_PORT ?? 0), '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${receiver.address().port}/events`;
  const subscription = await json('POST', '/api/v1/webhooks', { structureId, url, eventTypes: ['invoice.status-changed'], description: 'bench webhook-delay' }, token);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ status: 'SERVICE_FAIT' });
  return {
    custom: async () => {
      try {
        const load = await openLoop(rate, async () => {
          const id = queue.pop();
          if (!id) throw new Error('No MISE_A_DISPOSITION invoice left: raise the data (npm run bench:data)');
          sentAt.set(id, performance.now());
          await expectOk(send({ method: 'POST', path: `/api/v1/invoices/${id}/transitions`, headers, body }));
        });
        // Deliveries still on their way when the load ends: waited for (a minute at most).
        if (sentAt.size > 0) await Promise.race([new Promise((resolve) => (settle = resolve)), new Promise((resolve) => setTimeout(resolve, 60_000))]);
        if (sentAt.size > 0) console.warn(`  ! ${sentAt.size} status changes without a delivery after a minute`);
        if (!phase.warming) {
          process.stdout.write(`  transitions: p50 ${load.p50} ms, p99 ${load.p99} ms; change to delivery: p50 ${percentile(delays, 50)} ms, p95 ${percentile(delays, 95)} ms, p99 ${percentile(delays, 99)} ms\n`);
        }
        return {
          unit: 'webhook deliveries (status change to receipt)',
          rate,
          requestsPerSecond: Math.round((delays.length / phase.seconds) * 10) / 10,
          p50: percentile(delays, 50),
          p90: percentile(delays, 90),
          p95: percentile(delays, 95),
          p99: percentile(delays, 99),
          max: percentile(delays, 100),
          total: delays.length,
          non2xx: load.non2xx ?? 0,
          errors: (load.errors ?? 0) + sentAt.size,
        };
      } finally {
        await fetch(`${BASE}/api/v1/webhooks/${subscription.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
        receiver.close();
      }
    },
  };
}

async function warmUp(name, ctx) {
  process.stdout.write(`Warming up ${name} for ${WARMUP}s (unmeasured)…\n`);
  // An open-loop run warms up in open loop at its rate, on the agent it is measured on: the measurement then
  // starts with the keep-alive connections a steady fleet holds, not with all of them to open at once.
  Object.assign(phase, { seconds: WARMUP, rate: RATE, warming: true });
  try {
    const request = await scenarios[name](ctx);
    if (request.custom) await request.custom();
    else if (RATE) {
      const next = requestsOf(request);
      await openLoop(RATE, () => expectOk(send(next())));
    } else await run(name, request);
  } finally {
    Object.assign(phase, { seconds: DURATION, rate: RATE, warming: false });
  }
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(scenarios);
  const unknown = names.filter((n) => !scenarios[n]);
  if (unknown.length) throw new Error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${Object.keys(scenarios).join(', ')}`);

  await fetch(`${BASE}/health/live`).catch(() => {
    throw new Error(`No Liasse at ${BASE}: start it first (npm start), or set BENCH_URL`);
  });
  const ctx = { token: await accessToken() };
  const rows = [];
  for (const name of names) {
    if (WARMUP > 0) await warmUp(name, ctx);
    process.stdout.write(`Running ${name} for ${DURATION}s ${RATE ? `at ${RATE}/s (open loop)` : `with ${CONNECTIONS} connections`}…\n`);
    const request = await scenarios[name](ctx);
    const postgres = process.env.BENCH_DATABASE_URL ? new PostgresCpu() : undefined;
    await postgres?.start();
    const before = await cpuSnapshot();
    const measured = async (row) => ({ ...row, ...cpuPerOp(before, await cpuSnapshot(), row.total, await postgres?.stop()) });
    if (request.custom) {
      rows.push(await measured({ scenario: name, ...(await request.custom()) }));
      continue;
    }
    if (RATE) {
      const next = requestsOf(request);
      rows.push(await measured({ scenario: name, ...(await openLoop(RATE, () => expectOk(send(next())))) }));
      continue;
    }
    const { result } = await run(name, request);
    const row = {
      scenario: name,
      ...(RATE ? { rate: RATE } : {}),
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    };
    rows.push(await measured(row));
    if (row.non2xx > 0) console.warn(`  ! ${row.non2xx} non-2xx answers (rate limiting? set THROTTLE_SENSITIVE_PER_MINUTE on the server)`);
  }
  await pgClient?.end();
  console.log('');
  console.table(rows.map((r) => ({ ...r, unit: undefined, p50: `${r.p50} ms`, p90: `${r.p90} ms`, p99: `${r.p99} ms`, max: `${r.max} ms` })));
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), base: BASE, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, rate: RATE ?? null, machine, rows }, null, 2));
  console.log(`\n${JSON.stringify(machine)}\nSaved ${file}`);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
