#!/usr/bin/env node
// `npm run bench`: load scenarios against a RUNNING Liasse (it starts nothing). Prints req/s and latency
// percentiles per scenario and writes them to bench-results/<date>.json. Run the server with a high
// THROTTLE_SENSITIVE_PER_MINUTE, or the login scenario measures the rate limiter (the script warns).
//
//   BENCH_URL=http://localhost:3000 BENCH_DURATION=10 BENCH_CONNECTIONS=20 npm run bench [-- scenario…]
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

/** Signs the demo user in (password + TOTP) once, for the authenticated scenarios. */
async function accessToken() {
  const login = await json('POST', '/api/v1/auth/login', { email: USER, password: PASSWORD });
  if (login.method !== 'TOTP') throw new Error(`${USER} must use an authenticator (run npm run seed)`);
  const tokens = await json('POST', '/api/v1/auth/mfa', { challengeId: login.challengeId, code: authenticator.generate(TOTP_SECRET) });
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
};

function run(name, request) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${BASE}${request.path}`, method: request.method, headers: request.headers, body: request.body, duration: DURATION, connections: CONNECTIONS },
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
    process.stdout.write(`Running ${name} for ${DURATION}s with ${CONNECTIONS} connections…\n`);
    const { result } = await run(name, await scenarios[name](ctx));
    const row = {
      scenario: name,
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
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), base: BASE, duration: DURATION, connections: CONNECTIONS, machine, rows }, null, 2));
  console.log(`\n${JSON.stringify(machine)}\nSaved ${file}`);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
