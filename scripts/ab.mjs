#!/usr/bin/env node
// A/B of the same scenario against several running servers, alternated (A B A B …) in one session so the
// shared machine's noise hits every variant alike. Signs in once (tokens are valid on every server that
// shares the database and JWT_SECRET).
//   node scripts/ab.mjs <me|supplier-search|recipient-search> <rounds> http://localhost:3501 http://localhost:3502 …
import autocannon from 'autocannon';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { authenticator } = require('otplib');
const { Client } = require('pg');
import { readFileSync } from 'node:fs';

// CPU seconds (user + system) of a process, from /proc: CPU per request is far steadier than req/s on a
// machine shared with other runs. `url=pid` arguments name the API process; the PostgreSQL backends of
// the bench database are summed too (those alive at both ends of a run).
const TICK = 100;
function cpu(pid) {
  try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / TICK; } catch { return 0; }
}
const pg = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liasse_bench' });
await pg.connect();
async function pgCpu() {
  const { rows } = await pg.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
  return new Map(rows.map((r) => [r.pid, cpu(r.pid)]));
}

const [scenario, roundsArg, ...targets] = process.argv.slice(2);
const urls = targets.map((t) => t.split('=')[0]);
const pids = Object.fromEntries(targets.map((t) => t.split('=')));
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const PASSWORD = 'Ornithorynque-42!';
const SECRET = 'KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD';

async function call(base, method, path, body, token) {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} ${res.status} ${await res.text()}`);
  return res.json();
}
async function token(base, email) {
  for (;;) {
    const login = await call(base, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
    try { return (await call(base, 'POST', '/api/v1/auth/mfa', { challengeId: login.challengeId, code: authenticator.generate(SECRET) })).accessToken; }
    catch (e) { if (!String(e.message).includes('MFA_CODE_INVALID')) throw e; await new Promise((r) => setTimeout(r, (authenticator.timeRemaining() + 1) * 1000)); }
  }
}
const recipient = scenario === 'recipient-search';
const tok = process.env.BENCH_TOKEN ?? (await token(urls[0], recipient ? 'demo.acheteur@liasse.localhost' : 'demo.fournisseur@liasse.localhost'));
let paths;
if (scenario === 'me') paths = ['/api/v1/me'];
else if (recipient) {
  const b = '/api/v1/invoices?role=recipient&pageSize=50';
  paths = [b, `${b}&status=MISE_A_DISPOSITION,COMPLETEE`, `${b}&dateFrom=2025-06-01&dateTo=2025-06-30&sort=invoiceDate`, `${b}&status=SERVICE_FAIT&sort=invoiceDate&direction=asc`];
} else {
  const lyon = process.env.LYON;
  const b = '/api/v1/invoices?role=supplier&pageSize=50';
  paths = [b, `${b}&status=MISE_A_DISPOSITION,SUSPENDUE`, `${b}&dateFrom=2025-01-01&dateTo=2025-03-31&sort=invoiceDate`, `${b}&recipientStructureId=${lyon}`, `${b}&status=REJETEE&dateFrom=2026-01-01`];
}
const results = Object.fromEntries(urls.map((u) => [u, []]));
for (let r = 0; r < Number(roundsArg); r++) {
  for (const url of r % 2 ? [...urls].reverse() : urls) {
    let i = 0;
    const c0 = cpu(pids[url]);
    const p0 = await pgCpu();
    const out = await autocannon({
      url, connections: CONNECTIONS, duration: DURATION, ...(RATE ? { overallRate: RATE } : {}),
      headers: { authorization: `Bearer ${tok}` },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
    });
    const p1 = await pgCpu();
    let pgSec = 0;
    for (const [pid, v] of p1) if (p0.has(pid)) pgSec += v - p0.get(pid);
    const n = out.requests.total;
    const row = { rps: Math.round(out.requests.average), nodeMsPerReq: +((1000 * (cpu(pids[url]) - c0)) / n).toFixed(2), pgMsPerReq: +((1000 * pgSec) / n).toFixed(2), p50: out.latency.p50, p90: out.latency.p90, p99: out.latency.p99, non2xx: out.non2xx, errors: out.errors };
    results[url].push(row);
    console.log(r, url, JSON.stringify(row));
  }
}
const base = urls[0];
const mean = (a, k) => a.reduce((s, x) => s + x[k], 0) / a.length;
for (const u of urls) {
  console.log(`${u}: node ${mean(results[u], 'nodeMsPerReq').toFixed(2)} ms CPU/req (ratio ${(mean(results[base], 'nodeMsPerReq') / mean(results[u], 'nodeMsPerReq')).toFixed(2)}), pg ${mean(results[u], 'pgMsPerReq').toFixed(2)} ms CPU/req; mean ${mean(results[u], 'rps').toFixed(0)} req/s, p50 ${mean(results[u], 'p50').toFixed(0)} ms, p99 ${mean(results[u], 'p99').toFixed(0)} ms, ratio ${(mean(results[u], 'rps') / mean(results[base], 'rps')).toFixed(2)}`);
}
await pg.end();
