#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running Liasse (API + worker + mailbox).
//
//   npm start                              everything, then stays in the foreground (Ctrl-C stops it)
//   node scripts/dev.mjs --check-services  only steps a-c below: env, PostgreSQL, Redis, mailbox
//
// a. reads .env, fills in development defaults for what is still unset
// b. reuses PostgreSQL / Redis if they answer, else starts them (docker compose, local install,
//    apt-get install as a last resort), then creates the database named in DATABASE_URL
// c. starts maildev as a local SMTP sink unless SMTP_URL is set
// d. builds (when src/ changed, with progress), migrates, seeds, starts the API and the worker, waits
//    until both are ready, then prints the box with every URL and credential (last, so it stays in view)
// e. forwards Ctrl-C / SIGTERM to the children and waits for their graceful shutdown
//
// The children log JSON (pino); here each line is shown as `time LEVEL [context] message`, and the
// ~150 start-up lines (routes mapped, modules loaded) are left out. DEV_LOG=json shows the raw lines.
//
// Plain Node ESM on purpose: it must run before anything is built. Linux and macOS only.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATE_DIR = path.join(ROOT, '.liasse'); // git-ignored
const DEV_ADMIN_EMAIL = 'admin@liasse.localhost';
const DEV_ADMIN_PASSWORD = 'Guichet-Vert-2026!'; // documented dev-only password (docs/operations.md)
const WAIT_SECONDS = Number(process.env.DEV_WAIT_SECONDS) || 60; // per service; /health waits at least 90 s
const SHUTDOWN_GRACE_MS = 30_000; // matches the app's own graceful-shutdown budget
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const log = (msg) => console.log(`${paint('36', '[dev]')} ${msg}`);
const warn = (msg) => console.warn(`${paint('33', '[dev]')} ${msg}`);

/** An error whose message is meant for the newcomer as is (no stack trace). */
class DevError extends Error {}

// ------------------------------------------------------------------------------------------------
// a. environment
// ------------------------------------------------------------------------------------------------

/** Minimal .env reader: KEY=VALUE lines, # comments, optional `export `, optional quotes. */
function parseDotEnv(text) {
  const vars = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, ''); // trailing comment on an unquoted value
    }
    vars[match[1]] = value;
  }
  return vars;
}

/** The dev JWT secret is generated once and kept, so tokens survive a restart of `npm start`. */
function devJwtSecret() {
  const file = path.join(STATE_DIR, 'dev-secret');
  if (fs.existsSync(file)) {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url'); // 64 characters
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  log(`generated a development JWT secret in ${path.relative(ROOT, file)}`);
  return secret;
}

/** Real environment first, then .env, then development defaults (the app validates the result). */
function loadEnvironment() {
  const envFile = path.join(ROOT, '.env');
  if (fs.existsSync(envFile)) {
    const fromFile = parseDotEnv(fs.readFileSync(envFile, 'utf8'));
    for (const [key, value] of Object.entries(fromFile)) process.env[key] ??= value;
    log(`read ${Object.keys(fromFile).length} variable(s) from .env`);
  }
  const defaults = {
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/liasse',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: 'liasse',
    CAPTCHA_ENABLED: 'false', // no one can read a captcha in a sandbox script or a demo
    MAIL_FROM: 'Liasse <no-reply@liasse.localhost>',
    ADMIN_EMAIL: DEV_ADMIN_EMAIL,
    ADMIN_PASSWORD: DEV_ADMIN_PASSWORD,
  };
  // An empty value (`SMTP_URL=` in .env) counts as unset.
  for (const [key, value] of Object.entries(defaults)) if (!process.env[key]) process.env[key] = value;
  if (!process.env.JWT_SECRET) process.env.JWT_SECRET = devJwtSecret();
  // PORT and PUBLIC_URL are settled by choosePort(), SMTP_URL by ensureMailbox().
}

// ------------------------------------------------------------------------------------------------
// small helpers: processes, ports, waiting
// ------------------------------------------------------------------------------------------------

/** For log lines: the command as one would type it (empty and spaced arguments quoted). */
const shown = (cmd, args) => [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ');

/** Runs a command to completion, output shown; returns its exit status (never throws). */
function run(cmd, args, options = {}) {
  log(`$ ${shown(cmd, args)}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  return result.error ? -1 : result.status ?? 1;
}

/** Runs a command quietly; true when it exits 0. For probes like `docker info`. */
function succeeds(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
  return !result.error && result.status === 0;
}

function hasCommand(cmd) {
  return succeeds('sh', ['-c', `command -v ${cmd}`]);
}

const isRoot = () => process.getuid?.() === 0;

/** True when something accepts TCP connections on host:port. */
function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when nothing listens on the port (we can bind it ourselves). */
function portFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function firstFreePort(start, host) {
  for (let port = start; port < start + 100; port++) {
    if (await portFree(port, host)) return port;
  }
  throw new DevError(`no free port between ${start} and ${start + 99}`);
}

/**
 * Polls `probe` until it returns true. A probe may throw a DevError to give up at once (a wrong
 * password will not fix itself by waiting).
 */
async function waitFor(probe, seconds = WAIT_SECONDS) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(500);
  }
  return false;
}

// ------------------------------------------------------------------------------------------------
// b. PostgreSQL and Redis
// ------------------------------------------------------------------------------------------------

function target(urlText, defaultPort) {
  const url = new URL(urlText);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1'; // [::1] -> ::1 for net.connect
  return { url, host, port: Number(url.port || defaultPort) };
}

/** A URL to the same server, on the `postgres` maintenance database. */
function maintenanceUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** True once PostgreSQL runs queries; "starting up" means wait, bad credentials mean stop. */
async function postgresReady(databaseUrl) {
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (String(error.code).startsWith('28')) {
      throw new DevError(
        `PostgreSQL at ${target(databaseUrl, 5432).host} refused the credentials of DATABASE_URL (${error.message}). ` +
          'Put the right user/password in DATABASE_URL (in .env), or allow trust auth for local connections.',
      );
    }
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** True once Redis answers PING; a password problem is reported at once. */
async function redisReady(redisUrl) {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null, // one attempt per probe: waitFor() does the retrying
  });
  redis.on('error', () => {}); // reported through the promise below
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch (error) {
    if (/NOAUTH|WRONGPASS|invalid password/i.test(error.message)) {
      throw new DevError(`Redis refused the credentials of REDIS_URL (${error.message}).`);
    }
    return false;
  } finally {
    redis.disconnect();
  }
}

function postgresVersions() {
  try {
    return fs.readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v));
  } catch {
    return [];
  }
}

/** Debian asks for a password on TCP by default; our default DATABASE_URL has none. */
function trustLoopbackConnections() {
  for (const version of postgresVersions()) {
    const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
    if (!fs.existsSync(hba)) continue;
    const current = fs.readFileSync(hba, 'utf8');
    if (current.includes('liasse: trust loopback')) continue;
    log(`trusting loopback connections in ${hba} (PostgreSQL was just installed for development)`);
    const lines = '# liasse: trust loopback (added by scripts/dev.mjs on a fresh install)\n' +
      'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
    fs.writeFileSync(hba, lines + current);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'reload']);
  }
}

let aptUpdated = false;
function aptInstall(pkg) {
  if (!aptUpdated) {
    if (run('apt-get', ['update'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) !== 0) {
      throw new DevError('apt-get update failed');
    }
    aptUpdated = true;
  }
  const status = run('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (status !== 0) throw new DevError(`apt-get install ${pkg} failed`);
}

/** How to find, start and install each backing service. */
function backingServices() {
  const database = target(process.env.DATABASE_URL, 5432);
  const redis = target(process.env.REDIS_URL, 6379);
  return [
    {
      name: 'PostgreSQL',
      ...database,
      composeService: 'postgres',
      composePortVar: 'POSTGRES_PORT',
      ready: () => postgresReady(process.env.DATABASE_URL),
      installed: () => hasCommand('pg_ctlcluster') && postgresVersions().length > 0,
      startLocal: () => {
        for (const version of postgresVersions()) {
          run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
        }
      },
      startFallback: () => run('service', ['postgresql', 'start']),
      aptPackage: 'postgresql',
      afterInstall: trustLoopbackConnections,
    },
    {
      name: 'Redis',
      ...redis,
      composeService: 'redis',
      composePortVar: 'REDIS_PORT',
      ready: () => redisReady(process.env.REDIS_URL),
      installed: () => hasCommand('redis-server'),
      startLocal: () =>
        run('redis-server', [
          '--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(redis.port),
          '--save', '', '--appendonly', 'no',
        ]),
      startFallback: () => {},
      aptPackage: 'redis-server',
      afterInstall: () => {},
    },
  ];
}

/** `docker compose` (v2 plugin) or `docker-compose` (v1), when a Docker engine answers at all. */
function dockerCompose() {
  if (!succeeds('docker', ['info'])) return null;
  if (succeeds('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (succeeds('docker-compose', ['version'])) return ['docker-compose'];
  warn('Docker runs but neither `docker compose` nor `docker-compose` is installed: not using Docker');
  return null;
}

async function startWithDocker(compose, services) {
  const names = services.map((s) => s.composeService);
  // Publish on the ports the URLs name, so the app on the host finds them where it expects.
  const env = { ...process.env };
  for (const s of services) env[s.composePortVar] = String(s.port);
  const [cmd, ...prefix] = compose;
  if (run(cmd, [...prefix, 'up', '-d', ...names], { env }) !== 0) {
    throw new DevError(`\`${compose.join(' ')} up -d ${names.join(' ')}\` failed (see above)`);
  }
}

/** Local install: start it; install it first (root + apt-get only) when it is not there at all. */
async function startLocally(service) {
  if (!service.installed()) {
    if (!(isRoot() && hasCommand('apt-get'))) {
      throw new DevError(
        `${service.name} is not running and not installed. Install it (Debian: apt-get install ${service.aptPackage}), ` +
          'or install Docker so that `npm start` can use docker compose, or point the URL at a running server.',
      );
    }
    log(`${service.name} is not installed: installing it with apt-get (sandbox/root only)`);
    aptInstall(service.aptPackage);
    service.afterInstall();
  }
  // The Debian package may already have started it; only start what does not answer yet.
  if (await tcpAnswers(service.host, service.port)) return;
  service.startLocal();
  if (await waitFor(() => tcpAnswers(service.host, service.port), 10)) return;
  service.startFallback();
}

/** b. Makes PostgreSQL and Redis answer, by the cheapest means available. */
async function ensureBackingServices() {
  const services = backingServices();
  const missing = [];
  for (const service of services) {
    if (await tcpAnswers(service.host, service.port)) {
      log(`${service.name}: reusing the server on ${service.host}:${service.port}`);
    } else {
      missing.push(service);
    }
  }
  for (const service of missing) {
    if (!LOCAL_HOSTS.has(service.host)) {
      throw new DevError(`${service.name} does not answer on ${service.host}:${service.port} (a remote host: not starting anything)`);
    }
  }
  if (missing.length > 0) {
    const compose = dockerCompose();
    if (compose) {
      log(`Docker is available: starting ${missing.map((s) => s.composeService).join(', ')} with docker compose`);
      await startWithDocker(compose, missing);
    } else {
      for (const service of missing) {
        log(`${service.name} does not answer on ${service.host}:${service.port} and Docker is not available: trying a local install`);
        await startLocally(service);
      }
    }
  }
  // Even a server we reuse is probed for real, so that bad credentials are reported here.
  for (const service of services) {
    if (!(await waitFor(service.ready))) {
      throw new DevError(
        `${service.name} did not answer on ${service.host}:${service.port} within ${WAIT_SECONDS}s. ` +
          'Start it yourself, or fix the URL in .env, then run `npm start` again.',
      );
    }
    if (missing.includes(service)) log(`${service.name} is up on ${service.host}:${service.port}`);
  }
}

/** Creates the database named in DATABASE_URL when it does not exist yet. */
async function ensureDatabase() {
  const name = decodeURIComponent(new URL(process.env.DATABASE_URL).pathname.slice(1));
  if (!name) throw new DevError('DATABASE_URL names no database (expected …/liasse)');
  const client = new pg.Client({ connectionString: maintenanceUrl(process.env.DATABASE_URL) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
    } else {
      log(`database ${name} exists`);
    }
  } finally {
    await client.end();
  }
}

// ------------------------------------------------------------------------------------------------
// children: every long-lived process we start, so that shutdown can find them all
// ------------------------------------------------------------------------------------------------

const children = new Map(); // name -> ChildProcess (still running)
let shuttingDown = false;

const RAW_LOGS = process.env.DEV_LOG === 'json';
const LEVEL_NAMES = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLORS = { 40: '33', 50: '31', 60: '31' };
/** Nest's start-up chatter (one line per route and module): shown only with LOG_LEVEL=debug or trace. */
const STARTUP_CONTEXTS = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader']);
const hiddenStartupLines = new Map(); // child name -> count

/**
 * One pino JSON line as `12:03:04 INFO  [Context] message`; an access-log line as `GET /url 200 12ms`;
 * an error with its message (and its stack from ERROR up). Null: a line left out. Anything that is not
 * a pino line is shown as is.
 */
function formatLogLine(line, name) {
  if (RAW_LOGS || !line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || entry.time === undefined) return line;
  if (STARTUP_CONTEXTS.has(entry.context) && entry.level < 40 && !/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) {
    hiddenStartupLines.set(name, (hiddenStartupLines.get(name) ?? 0) + 1);
    return null;
  }
  const time = new Date(entry.time).toTimeString().slice(0, 8);
  const level = paint(LEVEL_COLORS[entry.level] ?? '2', (LEVEL_NAMES[entry.level] ?? String(entry.level)).padEnd(5));
  let text = entry.msg ?? '';
  if (entry.req && entry.res) {
    // pino-http's access log: the request in one glance.
    text = `${entry.req.method} ${entry.req.url} ${entry.res.statusCode}${entry.responseTime === undefined ? '' : ` ${entry.responseTime}ms`}`;
  }
  const err = entry.err ?? entry.error;
  if (err && typeof err === 'object') {
    text += ` — ${err.type ? `${err.type}: ` : ''}${err.message ?? ''}`;
    if (entry.level >= 50 && err.stack) text += `\n${String(err.stack).split('\n').slice(1).join('\n')}`;
  }
  return `${paint('2', time)} ${level} ${entry.context ? `${paint('2', `[${entry.context}]`)} ` : ''}${text}`;
}

/** Prefixes each line of a child's output with its name, so three logs stay readable in one terminal. */
function pipeWithPrefix(stream, name, prefix, out) {
  readline.createInterface({ input: stream }).on('line', (line) => {
    const shownLine = formatLogLine(line, name);
    if (shownLine === null) return;
    for (const part of shownLine.split('\n')) out.write(`${prefix} ${part}\n`);
  });
}

/**
 * Starts a long-lived child in its own process group: the terminal's Ctrl-C then reaches only us,
 * and we send exactly one SIGTERM to each child (two signals could cut a graceful shutdown short).
 */
function startChild(name, colorCode, cmd, args, env) {
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = paint(colorCode, `[${name}]`.padEnd(8));
  pipeWithPrefix(child.stdout, name, prefix, process.stdout);
  pipeWithPrefix(child.stderr, name, prefix, process.stderr);
  children.set(name, child);
  child.once('error', (error) => warn(`${name}: ${error.message}`));
  child.once('exit', (code, signal) => {
    children.delete(name);
    if (shuttingDown) return;
    warn(`${name} exited unexpectedly (${signal ?? `code ${code}`}): stopping everything`);
    shutdown(1);
  });
  return child;
}

/**
 * Runs a one-shot step (build, migrate, seed) in the foreground; tracked so Ctrl-C can stop it. With
 * `capture`, its standard output is kept and returned instead of shown (shown all the same on failure).
 */
function runStep(name, cmd, args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    log(`$ ${shown(cmd, args)}`);
    const child = spawn(cmd, args, { cwd: ROOT, env: process.env, detached: true, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    children.set(name, child);
    child.once('error', (error) => reject(new DevError(`${name}: ${error.message}`)));
    child.once('close', (code, signal) => {
      children.delete(name);
      if (code === 0) return resolve(output);
      if (capture) process.stdout.write(output);
      if (!shuttingDown) reject(new DevError(`\`${shown(cmd, args)}\` failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

const started = Date.now();
const elapsed = (since = started) => {
  const seconds = Math.round((Date.now() - since) / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};
const STEPS = 6;
/** `[dev] ── 4/6 build ──  (12s)`: where `npm start` is, and how long it has taken so far. */
const step = (n, title) => log(paint('1', `── ${n}/${STEPS} ${title} ──`) + paint('2', `  (${elapsed()})`));

/** The build says nothing for a minute or two: say that it runs, and for how long. */
async function build() {
  const since = Date.now();
  log('compiling TypeScript into dist/ (a minute or two; later starts skip it while src/ is unchanged)');
  const ticker = setInterval(() => log(`still building… ${elapsed(since)}`), 15_000);
  try {
    await runStep('build', 'npm', ['run', '--silent', 'build']);
  } finally {
    clearInterval(ticker);
  }
  log(`build done in ${elapsed(since)}`);
}

/** The seed's report (`  Title` then `    - line`), kept for the box. */
function seedReport(output) {
  const sections = [];
  for (const line of output.split('\n')) {
    const item = /^ {4}- (.*)$/.exec(line);
    const title = /^ {2}(\S.*)$/.exec(line);
    if (item && sections.length > 0) sections.at(-1).lines.push(item[1]);
    else if (title) sections.push({ title: title[1], lines: [] });
  }
  return sections.filter((section) => section.lines.length > 0);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the whole group: npm run's own children too
  } catch {
    // already gone
  }
}

/** e. Stops the app first, the mailbox last (the worker may still send mail while draining). */
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  const deadline = Date.now() + SHUTDOWN_GRACE_MS; // one budget for everything
  const appNames = [...children.keys()].filter((name) => name !== 'mail');
  for (const name of appNames) {
    log(`stopping ${name} (SIGTERM)`);
    signalGroup(children.get(name), 'SIGTERM');
  }
  await waitForExit(appNames, deadline - Date.now());
  if (children.has('mail')) {
    log('stopping mail (SIGTERM)');
    signalGroup(children.get('mail'), 'SIGTERM');
  }
  const clean = await waitForExit([...children.keys()], Math.max(deadline - Date.now(), 2000));
  if (!clean) {
    for (const [name, child] of children) {
      warn(`${name} did not stop within ${SHUTDOWN_GRACE_MS / 1000}s: SIGKILL`);
      signalGroup(child, 'SIGKILL');
    }
  }
  process.exit(clean ? code : code || 1);
}

/** Resolves true when all the named children have exited, false after timeoutMs. */
function waitForExit(names, timeoutMs) {
  const pending = names.map((n) => children.get(n)).filter(Boolean);
  const exits = pending.map((child) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', resolve);
  }));
  return Promise.race([Promise.all(exits).then(() => true), sleep(timeoutMs).then(() => false)]);
}

function installSignalHandlers() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (shuttingDown) {
        // Second Ctrl-C: the user does not want to wait for the graceful shutdown.
        warn('forced stop');
        for (const child of children.values()) signalGroup(child, 'SIGKILL');
        process.exit(130);
      }
      console.log('');
      log(`${signal} received: shutting down`);
      shutdown(0);
    });
  }
  // Last resort (an exception, process.exit elsewhere): never leave detached children behind.
  process.on('exit', () => {
    for (const child of children.values()) signalGroup(child, 'SIGKILL');
  });
}

// ------------------------------------------------------------------------------------------------
// c. mailbox
// ------------------------------------------------------------------------------------------------

/** Starts maildev as the SMTP sink unless SMTP_URL points somewhere already. Returns the web URL. */
async function ensureMailbox() {
  if (process.env.SMTP_URL) {
    log(`SMTP_URL is set (${process.env.SMTP_URL}): not starting a mailbox`);
    return null;
  }
  const smtpPort = await firstFreePort(1025, '127.0.0.1');
  const webPort = await firstFreePort(smtpPort === 1080 ? 1081 : 1080, '127.0.0.1');
  const maildev = path.join(ROOT, 'node_modules', '.bin', 'maildev');
  if (!fs.existsSync(maildev)) throw new DevError('node_modules/.bin/maildev is missing: run `npm ci` first');
  // Mails are kept in .liasse/mail and loaded again at the next start: an activation link survives a restart.
  const mailDir = path.join(STATE_DIR, 'mail');
  fs.mkdirSync(mailDir, { recursive: true });
  startChild('mail', '35', maildev, ['--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--mail-directory', mailDir], process.env);
  if (!(await waitFor(() => tcpAnswers('127.0.0.1', smtpPort), 20))) {
    throw new DevError(`maildev did not open its SMTP port ${smtpPort}`);
  }
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  log(`mailbox: SMTP on ${process.env.SMTP_URL}, web page on ${webUrl}`);
  return webUrl;
}

// ------------------------------------------------------------------------------------------------
// d. build, migrate, seed, run
// ------------------------------------------------------------------------------------------------

const DIST_ENTRIES = ['dist/src/main.js', 'dist/src/main.worker.js', 'dist/src/cli/migrate.js', 'dist/src/cli/seed.js'];
const BUILD_INPUTS = ['src', 'migrations', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

/** Newest mtime under a path; directories count too, so deleting or renaming a file is seen. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Cheap staleness check: dist is fresh when every entry point is newer than every input. */
function buildIsFresh() {
  let oldestOutput = Infinity;
  for (const entry of DIST_ENTRIES) {
    try {
      oldestOutput = Math.min(oldestOutput, fs.statSync(path.join(ROOT, entry)).mtimeMs);
    } catch {
      return false;
    }
  }
  const newestInput = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
  return newestInput < oldestOutput;
}

/** Picks PORT (3000, or the next free one when 3000 is taken and PORT was not set explicitly). */
async function choosePort() {
  if (process.env.PORT) {
    if (!(await portFree(Number(process.env.PORT)))) {
      throw new DevError(`PORT ${process.env.PORT} is already in use: stop what listens there or set another PORT`);
    }
  } else {
    const port = await firstFreePort(3000);
    if (port !== 3000) warn(`port 3000 is taken: the API will listen on ${port}`);
    process.env.PORT = String(port);
  }
  if (!process.env.PUBLIC_URL) process.env.PUBLIC_URL = `http://localhost:${process.env.PORT}`;
}

/** Waits until GET `url` answers 200; returns the last problem seen otherwise. */
async function waitForHealth(url) {
  let lastProblem = 'no answer';
  const ok = await waitFor(async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    return false;
  }, Math.max(WAIT_SECONDS, 90));
  return ok ? null : lastProblem;
}

/** A box open on the right: some lines (the /cpro credentials) are wider than a terminal. */
function printBox(lines) {
  const rule = '─'.repeat(78);
  console.log([`\n┌${rule}`, ...lines.map((line) => `│ ${line}`), `└${rule}\n`].join('\n'));
}

function summaryLines(mailboxUrl, workerHttpPort, report) {
  const api = process.env.PUBLIC_URL.replace(/\/$/, '');
  const lines = [
    `Liasse is running (started in ${elapsed()}; Ctrl-C stops everything)`,
    '',
    `API            ${api}`,
    `Swagger UI     ${api}/docs`,
    `Health         ${api}/health`,
    `Worker probe   http://127.0.0.1:${workerHttpPort}/health`,
    `Mailbox        ${mailboxUrl ?? `(mail goes to ${process.env.SMTP_URL})`}`,
    '',
    `Admin          ${process.env.ADMIN_EMAIL} / ${process.env.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD ? DEV_ADMIN_PASSWORD : '(ADMIN_PASSWORD from your environment)'} (code by e-mail)`,
  ];
  for (const section of report) {
    lines.push('', section.title);
    // The administrator is on its own line above, with its password when it is the development one.
    for (const line of section.lines) if (!line.startsWith('Platform administrator:')) lines.push(`  ${line}`);
  }
  lines.push('', 'Development credentials only: never use them outside this machine.');
  return lines;
}

// ------------------------------------------------------------------------------------------------

function usage() {
  console.log(`Usage: node scripts/dev.mjs [--check-services]

  (no flag)          set up everything and run the API, the worker and the mailbox (npm start)
  --check-services   only read the environment, make PostgreSQL/Redis answer, create the database
                     and try the mailbox; then stop what it started and exit

Environment: see docs/operations.md. DEV_WAIT_SECONDS (default 60) bounds each wait.`);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return usage();
  const checkOnly = args.includes('--check-services');
  process.chdir(ROOT);
  installSignalHandlers();

  step(1, 'environment, PostgreSQL, Redis');
  loadEnvironment(); // a
  await ensureBackingServices(); // b
  await ensureDatabase();
  step(2, 'mailbox');
  const mailboxUrl = await ensureMailbox(); // c

  if (checkOnly) {
    log('services OK:');
    log(`  DATABASE_URL=${process.env.DATABASE_URL}`);
    log(`  REDIS_URL=${process.env.REDIS_URL}`);
    log(`  SMTP_URL=${process.env.SMTP_URL}${mailboxUrl ? ` (mailbox ${mailboxUrl}, stopped again now)` : ''}`);
    return shutdown(0);
  }

  await choosePort(); // d
  step(3, 'build');
  if (buildIsFresh()) log('dist/ is newer than src/ and migrations/: skipping the build');
  else await build();
  step(4, 'migrate');
  // Quiet: the migrator prints two lines per migration; its summary is the last line.
  const migrated = await runStep('migrate', process.execPath, ['dist/src/cli/migrate.js'], { capture: true });
  log(migrated.trim().split('\n').at(-1) ?? 'migrated');
  step(5, 'seed');
  const report = seedReport(await runStep('seed', process.execPath, ['dist/src/cli/seed.js'], { capture: true }));
  log(`sandbox data ready (${report.map((r) => r.title).join(', ') || 'nothing to seed'}): credentials in the box below once everything runs`);

  step(6, 'API and worker');
  startChild('api', '32', process.execPath, ['dist/src/main.js'], { ...process.env, APP_ROLE: 'api' });
  // The worker's probes (/health, /metrics) on 3001, or the next free port after the API's.
  const workerHttpPort = process.env.WORKER_HTTP_PORT ?? String(await firstFreePort(Number(process.env.PORT) + 1));
  startChild('worker', '34', process.execPath, ['dist/src/main.worker.js'], { ...process.env, APP_ROLE: 'worker', WORKER_HTTP_PORT: workerHttpPort });

  const [apiProblem, workerProblem] = await Promise.all([
    waitForHealth(`http://127.0.0.1:${process.env.PORT}/health`),
    waitForHealth(`http://127.0.0.1:${workerHttpPort}/health`),
  ]);
  if (shuttingDown) return;
  const seconds = Math.max(WAIT_SECONDS, 90);
  if (apiProblem) warn(`the API's GET /health did not answer 200 within ${seconds}s (last: ${apiProblem}); still running, see the [api] log above`);
  if (workerProblem) warn(`the worker's GET /health did not answer 200 within ${seconds}s (last: ${workerProblem}); still running, see the [worker] log above`);
  const hidden = [...hiddenStartupLines.values()].reduce((a, b) => a + b, 0);
  if (hidden > 0) log(`${hidden} start-up lines (routes mapped, modules loaded) not shown: LOG_LEVEL=debug or DEV_LOG=json shows them`);
  printBox(summaryLines(mailboxUrl, workerHttpPort, report));
}

main().catch((error) => {
  console.error(paint('31', `[dev] ${error instanceof DevError ? error.message : error.stack}`));
  shutdown(1);
});
