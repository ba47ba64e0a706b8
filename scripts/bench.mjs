#!/usr/bin/env node
// `npm run bench`: load scenarios against a RUNNING Liasse (it starts nothing). Prints req/s and latency
// percentiles per scenario and writes them to bench-results/<date>.json. Run the server with a high
// THROTTLE_SENSITIVE_PER_MINUTE, or the login scenario measures the rate limiter (the script warns).
//
//   BENCH_URL=http://localhost:3000 BENCH_DURATION=10 BENCH_CONNECTIONS=20 npm run bench [-- scenario…]
//   BENCH_RATE=200 npm run bench -- supplier-search     # fixed overall rate (autocannon overallRate): latency at a given load
//
// The invoice scenarios (supplier-search, recipient-search, submit, transition) want the large dataset of
// `npm run bench:data` (scripts/generate-invoices.mjs) and, for submit, a running worker (routing).
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const { authenticator } = require('otplib');

const BASE = (process.env.BENCH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
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
  /** An authenticated read: JWT check + session lookup + one user row. */
  me: async (ctx) => ({ method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${ctx.token}` } }),
  'supplier-search': supplierSearch,
  'recipient-search': recipientSearch,
  submit: submitInvoices,
  transition: recipientTransition,
  'cpro-search': cproSearch,
  'api-search': apiSearch,
};

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
async function cproSearch() {
  const clientId = process.env.BENCH_CLIENT_ID ?? 'liasse-sandbox-erp';
  const clientSecret = process.env.BENCH_CLIENT_SECRET ?? 'sandbox-erp-secret-2026-not-for-production';
  const login = process.env.BENCH_TECH_LOGIN ?? 'TECH_900001_demo-fournisseur@cpro.liasse.localhost';
  const password = process.env.BENCH_TECH_PASSWORD ?? 'Sandbox-Fournisseur-2026-not-for-production';
  const res = await fetch(`${BASE}/api/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid' }).toString(),
  });
  if (!res.ok) throw new Error(`POST /api/oauth/token → ${res.status} ${await res.text()} (run npm run seed)`);
  const { access_token: token } = await res.json();
  return {
    method: 'POST',
    path: '/cpro/factures/v1/rechercher/fournisseur',
    headers: {
      authorization: `Bearer ${token}`,
      'cpro-account': Buffer.from(`${login}:${password}`).toString('base64'),
      'content-type': 'application/json;charset=utf-8',
    },
    body: JSON.stringify({ rechercheFactureParFournisseur: { pageResultatDemandee: 1, nbResultatsParPage: 50, triColonne: 'DateDepot', triSens: 'Descendant' } }),
  };
}

/** The REST counterpart of `cpro-search`: `GET /api/v1/invoices?role=supplier&pageSize=50` as the demo supplier user. */
async function apiSearch(ctx) {
  return { method: 'GET', path: '/api/v1/invoices?role=supplier&pageSize=50', headers: { authorization: `Bearer ${ctx.token}` } };
}

/**
 * Recipient processing: MISE_A_DISPOSITION → SERVICE_FAIT, one invoice per request, on invoices listed
 * beforehand (each can take the transition once: the run stops when they are used up).
 */
async function recipientTransition(ctx) {
  const token = await recipientToken(ctx);
  const wanted = Number(process.env.BENCH_TRANSITIONS ?? 3000);
  const ids = [];
  for (let page = 1; ids.length < wanted; page++) {
    const found = await json('GET', `/api/v1/invoices?role=recipient&status=MISE_A_DISPOSITION&pageSize=200&page=${page}`, undefined, token);
    ids.push(...found.items.map((item) => item.id));
    if (found.items.length < 200) break;
  }
  if (ids.length === 0) throw new Error('No MISE_A_DISPOSITION invoice for the demo recipient: run npm run bench:data');
  const queue = ids.slice(0, wanted);
  process.stdout.write(`  ${queue.length} invoices in MISE_A_DISPOSITION prepared\n`);
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

/** A PDF-looking file of about `bytes` bytes (the platform recognises PDFs by their header). */
function fakePdf(bytes) {
  const head = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%');
  const tail = Buffer.from('\n%%EOF\n');
  const body = Buffer.alloc(bytes - head.length - tail.length, 'x');
  return Buffer.concat([head, body, tail]);
}

/**
 * Submission of a PDF invoice as a portal user does it: create a draft, upload a 1 MB PDF, submit.
 * A custom loop with BENCH_CONNECTIONS concurrent chains (autocannon cannot chain ids): reports
 * submissions per second and the latency of the whole chain; per-step p99 goes to the console.
 */
async function submitInvoices(ctx) {
  const supplier = await structureOf(ctx.token, SUPPLIER_SIRET);
  const pdf = new Blob([fakePdf(Number(process.env.BENCH_PDF_BYTES ?? 1024 * 1024))], { type: 'application/pdf' });
  const run = `${Date.now().toString(36).slice(-5)}`.toUpperCase();
  const auth = { authorization: `Bearer ${ctx.token}` };
  const today = new Date().toISOString().slice(0, 10);
  let counter = 0;
  const steps = { draft: [], upload: [], submit: [] };
  const timed = async (step, fn) => {
    const t = performance.now();
    const res = await fn();
    steps[step].push(performance.now() - t);
    if (!res.ok) throw new Error(`${step} → ${res.status} ${await res.text()}`);
    return res;
  };
  async function one() {
    const number = `B${run}-${++counter}`; // unique per request (≤ 20 characters)
    const draft = await timed('draft', () =>
      fetch(`${BASE}/api/v1/invoices`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          supplierStructureId: supplier, recipientIdentifier: RECIPIENT_SIRET, recipientServiceCode: 'DCP', engagementNumber: 'EJ-BENCH-1',
          number, invoiceDate: today, depositMode: 'DEPOT_PDF_WEB', totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00',
          vatBreakdown: [{ rate: '20', taxableAmount: '1000.00', vatAmount: '200.00' }],
        }),
      }),
    );
    const { id } = await draft.json();
    const form = new FormData();
    form.append('kind', 'main');
    form.append('file', pdf, 'facture.pdf');
    await timed('upload', () => fetch(`${BASE}/api/v1/invoices/${id}/files`, { method: 'POST', headers: auth, body: form }).then(async (r) => (await r.arrayBuffer(), r)));
    await timed('submit', () => fetch(`${BASE}/api/v1/invoices/${id}/submission`, { method: 'POST', headers: auth }).then(async (r) => (await r.arrayBuffer(), r)));
  }
  return {
    custom: async () => {
      const chains = [];
      let errors = 0;
      let firstError;
      const end = Date.now() + DURATION * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (Date.now() < end) {
            const t = performance.now();
            try {
              await one();
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
      const pct = (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : 0;
      };
      for (const [step, values] of Object.entries(steps)) {
        process.stdout.write(`  ${step}: p50 ${pct(values, 50)} ms, p90 ${pct(values, 90)} ms, p99 ${pct(values, 99)} ms (${values.length})\n`);
      }
      return {
        requestsPerSecond: Math.round((chains.length / seconds) * 10) / 10,
        p50: pct(chains, 50),
        p90: pct(chains, 90),
        p99: pct(chains, 99),
        max: pct(chains, 100),
        total: chains.length,
        non2xx: errors,
        errors,
        unit: 'submissions (draft + 1 MB upload + submit)',
      };
    },
  };
}

function run(name, request) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${BASE}${request.path}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
        duration: DURATION,
        connections: CONNECTIONS,
        ...(request.requests ? { requests: request.requests } : {}),
        ...(request.amount ? { amount: request.amount } : {}),
        ...(RATE ? { overallRate: RATE } : {}),
      },
      (error, result) => (error ? reject(error) : resolve({ name, result })),
    );
  });
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
    process.stdout.write(`Running ${name} for ${DURATION}s with ${CONNECTIONS} connections${RATE ? ` at ${RATE} req/s` : ''}…\n`);
    const request = await scenarios[name](ctx);
    if (request.custom) {
      rows.push({ scenario: name, ...(await request.custom()) });
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
    rows.push(row);
    if (row.non2xx > 0) console.warn(`  ! ${row.non2xx} non-2xx answers (rate limiting? set THROTTLE_SENSITIVE_PER_MINUTE on the server)`);
  }
  console.log('');
  console.table(rows.map((r) => ({ ...r, p50: `${r.p50} ms`, p90: `${r.p90} ms`, p99: `${r.p99} ms`, max: `${r.max} ms` })));
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), base: BASE, duration: DURATION, connections: CONNECTIONS, rate: RATE ?? null, machine, rows }, null, 2));
  console.log(`\n${JSON.stringify(machine)}\nSaved ${file}`);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
