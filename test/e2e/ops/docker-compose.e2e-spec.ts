import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TEST_ADMIN_URL, TEST_REDIS_URL } from '../../setup/test-env';
import { ComposeInterpolationError, ComposeModel, imageEnvironment, interpolate, loadCompose, REPO_ROOT } from '../../support/compose';
import { SmtpSink } from '../../support/smtp-sink';
import { freePort } from '../../support/ports';
import { adminQuery as admin } from '../../support/test-app';

/**
 * Issue 18: `docker compose up` must start with no .env (a development sandbox), and the production
 * override must refuse to start without real secrets. No Docker engine or compose plugin on these
 * machines: the compose files are read here as `docker compose config` would, and each app service's
 * command runs on this machine with exactly the environment its container gets (the image's ENV, then
 * compose's), the service hostnames (postgres, redis, mailbox) pointing at the test's own services.
 */
const DEV = [path.join(REPO_ROOT, 'docker-compose.yml')];
const PROD = [...DEV, path.join(REPO_ROOT, 'docker-compose.prod.yml')];
const IMAGE_ENV = imageEnvironment(path.join(REPO_ROOT, 'Dockerfile'));
const REAL_SECRETS = {
  POSTGRES_PASSWORD: '5b0f6c1e9a7d42e8b3c0f1a2d4e6b8c9',
  JWT_SECRET: 'pG7vQ2xR9kLm4tW8zB1nC6hJ3dF5sY0aE-uK_oTiZqVw',
  SMTP_URL: 'smtp://smtp.example.org:587',
  MAIL_FROM: 'Liasse <no-reply@liasse.example.org>',
  PUBLIC_URL: 'https://liasse.example.org',
};

// ---- running a service's command here ---------------------------------------------------------------

/** Newest mtime under a path. */
function newest(p: string): number {
  const stat = statSync(p);
  return stat.isDirectory() ? Math.max(stat.mtimeMs, ...readdirSync(p).map((e) => newest(path.join(p, e)))) : stat.mtimeMs;
}

/**
 * The image runs dist/ (`npm run build`). A fresh build here is run as is; otherwise the same entry
 * points run from the sources through swc-node (a 2-minute build per test run is not worth it: the
 * compiled and the registered code are the same TypeScript).
 */
const DIST_IS_FRESH = ((): boolean => {
  const entries = ['main.js', 'main.worker.js', 'cli/migrate.js', 'cli/seed.js'].map((e) => path.join(REPO_ROOT, 'dist/src', e));
  if (!entries.every((e) => existsSync(e))) return false;
  const built = Math.min(...entries.map((e) => statSync(e).mtimeMs));
  return built > Math.max(newest(path.join(REPO_ROOT, 'src')), newest(path.join(REPO_ROOT, 'migrations')));
})();

function fromSources(command: string): string {
  return DIST_IS_FRESH ? command : command.replace(/\bnode dist\/src\/([\w/.-]+)\.js\b/g, 'node -r @swc-node/register src/$1.ts');
}

/** The argv a container would exec, as run here: `sh -c` scripts, `node dist/…` commands, healthchecks. */
function localArgv(command: string[]): string[] {
  if (command[0] === 'CMD') return localArgv(command.slice(1));
  if (command[0] === 'sh' && command[1] === '-c') return ['sh', '-c', fromSources(command[2])];
  const entry = command[0] === 'node' ? /^dist\/(src\/.*)\.js$/.exec(command[1] ?? '') : null;
  return entry && !DIST_IS_FRESH ? ['node', '-r', '@swc-node/register', `${entry[1]}.ts`, ...command.slice(2)] : command;
}

interface Local {
  database: string;
  databaseUrl: string;
  redisPrefix: string;
  smtpUrl: string;
  ports: { api: number; worker: number };
}

/**
 * A service's environment with each URL naming a compose service pointed at the test's stand-in; the
 * ports the container would bind moved to free ones. A host that is a service without a stand-in fails.
 */
function localEnvironment(model: ComposeModel, service: string, local: Local): Record<string, string> {
  const env: Record<string, string> = { ...IMAGE_ENV };
  for (const [key, value] of Object.entries(model.services[service].environment ?? {})) if (value !== null) env[key] = value;
  const services = new Set(Object.keys(model.services));
  for (const [key, value] of Object.entries(env)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      continue;
    }
    if (!url.host || !services.has(url.hostname)) continue;
    const standIn = { postgres: new URL(local.databaseUrl), redis: new URL(TEST_REDIS_URL), mailbox: new URL(local.smtpUrl) }[url.hostname];
    if (!standIn) throw new Error(`${service}.${key} names the compose service ${url.hostname}, which this test has no stand-in for`);
    url.hostname = standIn.hostname;
    url.port = standIn.port;
    if (url.protocol.startsWith('postgres')) url.pathname = `/${local.database}`;
    env[key] = url.toString();
  }
  env.REDIS_PREFIX = local.redisPrefix;
  if (env.PORT) env.PORT = String(local.ports.api);
  if (env.WORKER_HTTP_PORT) env.WORKER_HTTP_PORT = String(local.ports.worker);
  env.PATH = `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`;
  return env;
}

interface Running {
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<number | null>;
}

function run(argv: string[], env: Record<string, string>): Running {
  const child = spawn(argv[0], argv.slice(1), { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
  void exited.then(() => clearTimeout(timer));
  return {
    output: () => output,
    stderr: () => stderr,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function runService(model: ComposeModel, service: string, local: Local, extra: Record<string, string> = {}): Running {
  return run(localArgv(model.services[service].command!), { ...localEnvironment(model, service, local), ...extra });
}

/** The service's compose healthcheck, run here against its local port. */
function healthcheck(model: ComposeModel, service: string, local: Local): Promise<number | null> {
  const test = model.services[service].healthcheck!.test!.map((a) => a.replace(':3000/', `:${local.ports.api}/`).replace(':3001/', `:${local.ports.worker}/`));
  return run(localArgv(test), { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` }).exited;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const status = (url: string): Promise<number> => fetch(url).then((r) => r.status, () => 0);



/** An empty database of its own (the migrate job is what creates the schema), a prefix, an SMTP sink. */
async function localServices(): Promise<Local & { drop: () => Promise<void> }> {
  const database = `${process.env.LIASSE_TEST_TEMPLATE ?? 'liasse_test_compose'}_c${randomBytes(3).toString('hex')}`;
  await admin(`create database "${database}"`);
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${database}`;
  const mail = new SmtpSink();
  await mail.start();
  return {
    database,
    databaseUrl: url.toString(),
    redisPrefix: `liasse-test-compose-${process.pid}-${database.slice(-6)}`,
    smtpUrl: mail.url,
    ports: { api: await freePort(), worker: await freePort() },
    drop: async () => {
      await mail.stop();
      await admin(`drop database if exists "${database}" with (force)`);
    },
  };
}

// ---- the tests -------------------------------------------------------------------------------------

describe('compose interpolation, as docker compose does it', () => {
  it('resolves defaults, required values, alternatives and escapes', () => {
    const env = { SET: 'value', EMPTY: '' };
    expect(interpolate('${SET:-d} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', env)).toBe('value d d  d');
    expect(interpolate('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}|$SET|$$SET|${UNSET:-${SET}}', env)).toBe('alt||alt|value|$SET|value');
    expect(() => interpolate('${EMPTY:?give EMPTY}', env, 'services.x')).toThrow('error while interpolating services.x: required variable EMPTY is missing a value: give EMPTY');
    expect(interpolate('${EMPTY?give it}', env)).toBe('');
    expect(() => interpolate('${UNSET?give it}', env)).toThrow(ComposeInterpolationError);
  });
});

describe('docker-compose.yml: the development sandbox starts with no .env', () => {
  let model: ComposeModel;
  let local: Awaited<ReturnType<typeof localServices>>;
  const running: Running[] = [];

  beforeAll(async () => {
    model = loadCompose(DEV, {}); // no variable at all, no .env: must not stop on a missing one
    local = await localServices();
  });

  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await local?.drop();
  });

  it('is a development setup: NODE_ENV=development, a dev-only secret, the demo seed', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const env = model.services[name].environment!;
      expect(env.NODE_ENV).toBe('development');
      expect(env.JWT_SECRET).toMatch(/dev-only/);
      // Published ports are on the container's PORT / not at all for the worker.
      if (name === 'api') expect(model.services.api.ports).toEqual([`3000:${env.PORT}`]);
    }
    expect(model.services.migrate.command!.join(' ')).toMatch(/migrate\.js && node dist\/src\/cli\/seed\.js/);
  });

  it('the migrate one-shot applies every migration, seeds the sandbox and exits 0', async () => {
    const migrate = runService(model, 'migrate', local);
    running.push(migrate);
    expect({ code: await migrate.exited, output: migrate.output() }).toEqual({ code: 0, output: expect.stringMatching(/Applied \d+ migration\(s\)[\s\S]*Sandbox data is ready[\s\S]*Demo user: demo\.fournisseur@liasse\.localhost/) });
  }, 90_000);

  it('the api answers /health ready (its compose healthcheck passes) and serves the seeded sandbox', async () => {
    const api = runService(model, 'api', local);
    running.push(api);
    const base = `http://127.0.0.1:${local.ports.api}`;
    await until(async () => (await status(`${base}/health`)) === 200, 60_000, api.output);
    expect(await healthcheck(model, 'api', local)).toBe(0);
    expect(await status(`${base}/api/v1/directory/structures/11000201100044`)).toBe(200);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo.fournisseur@liasse.localhost', password: 'Ornithorynque-42!' }),
    });
    expect(login.status).toBe(200); // the demo user exists: a second factor is asked next
    expect(await api.stop()).toBe(0);
  }, 90_000);

  it('the worker answers its probe (its compose healthcheck passes)', async () => {
    const worker = runService(model, 'worker', local);
    running.push(worker);
    await until(async () => (await status(`http://127.0.0.1:${local.ports.worker}/health`)) === 200, 60_000, worker.output);
    expect(await healthcheck(model, 'worker', local)).toBe(0);
    expect(await worker.stop()).toBe(0);
  }, 90_000);

  it('the migrate one-shot fails with one readable line, no stack trace, when PostgreSQL does not answer', async () => {
    const migrate = runService(model, 'migrate', local, { DATABASE_URL: 'postgres://postgres:@127.0.0.1:1/liasse' });
    running.push(migrate);
    expect(await migrate.exited).toBe(1);
    expect(migrate.stderr().trim()).toMatch(/^Migration failed on 127\.0\.0\.1:1\/liasse: connect ECONNREFUSED 127\.0\.0\.1:1$/);
    expect(migrate.output()).not.toMatch(/Sandbox data/); // the seed does not run after a failed migration
  }, 60_000);

  it('cannot be turned into production by NODE_ENV alone: the app refuses its captcha setting and its published secret', async () => {
    const captchaOff = runService(model, 'api', local, { NODE_ENV: 'production' });
    const worker = runService(model, 'worker', local, { NODE_ENV: 'production', CAPTCHA_ENABLED: 'true' });
    running.push(captchaOff, worker);
    expect(await captchaOff.exited).toBe(1);
    expect(captchaOff.stderr()).toMatch(/CAPTCHA_ENABLED: may only be false outside production/);
    expect(await worker.exited).toBe(1);
    expect(worker.stderr()).toMatch(/JWT_SECRET: is a value published in the Liasse repository/);
    expect(worker.stderr()).toMatch(/ADMIN_PASSWORD: is a value published/);
  }, 90_000);
});

describe('docker-compose.prod.yml: production refuses to start without real secrets', () => {
  it('compose stops before starting anything while a required secret is missing, saying how to make one', () => {
    expect(() => loadCompose(PROD, {})).toThrow(/required variable \w+ is missing a value: set \w+/);
    for (const missing of ['POSTGRES_PASSWORD', 'JWT_SECRET', 'SMTP_URL', 'PUBLIC_URL', 'MAIL_FROM']) {
      const env: Record<string, string> = { ...REAL_SECRETS, [missing]: '' };
      expect(() => loadCompose(PROD, env)).toThrow(new RegExp(`required variable ${missing} is missing a value: set ${missing}`));
    }
  });

  it('with the secrets: production, captcha on, no seed, a password on PostgreSQL, no published PostgreSQL/Redis/mailbox port', () => {
    const model = loadCompose(PROD, REAL_SECRETS);
    for (const name of ['migrate', 'api', 'worker']) {
      expect(model.services[name].environment).toMatchObject({ NODE_ENV: 'production', CAPTCHA_ENABLED: 'true', JWT_SECRET: REAL_SECRETS.JWT_SECRET });
      expect(model.services[name].environment!.DATABASE_URL).toBe(`postgres://postgres:${REAL_SECRETS.POSTGRES_PASSWORD}@postgres:5432/liasse`);
      expect(model.services[name].environment!.SMTP_URL).toBe(REAL_SECRETS.SMTP_URL);
    }
    expect(model.services.migrate.command).toEqual(['node', 'dist/src/cli/migrate.js']);
    expect(model.services.postgres.environment).toMatchObject({ POSTGRES_PASSWORD: REAL_SECRETS.POSTGRES_PASSWORD, POSTGRES_HOST_AUTH_METHOD: 'scram-sha-256' });
    for (const name of ['postgres', 'redis', 'mailbox']) expect(model.services[name].ports).toBeUndefined();
    expect(model.services.mailbox.profiles).toEqual(['dev-mailbox']);
    for (const name of ['api', 'worker']) expect(Object.keys(model.services[name].depends_on!).sort()).toEqual(['migrate', 'redis']);
  });

  it('publishes nginx only, with the shipped template, forwarding to the API port, which trusts it', () => {
    const model = loadCompose(PROD, REAL_SECRETS);
    expect(model.services.api.ports).toBeUndefined();
    const proxy = model.services.proxy;
    expect(proxy.image).toMatch(/^nginx:1\.\d+/);
    expect(proxy.ports).toEqual(['3000:8080']);
    expect(proxy.environment).toEqual({ LIASSE_API_UPSTREAM: `api:${model.services.api.environment!.PORT}`, LIASSE_PROXY_PORT: '8080' });
    const [source, target] = String(proxy.volumes![0]).split(':');
    expect(existsSync(path.resolve(REPO_ROOT, source!))).toBe(true);
    expect(target).toBe('/etc/nginx/templates/liasse.conf.template');
    // The template uses exactly the variables the service sets (the image leaves unknown ones as they are).
    const used = new Set([...readFileSync(path.resolve(REPO_ROOT, source!), 'utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(proxy.environment!).sort());
    expect(model.services.api.environment!.TRUSTED_PROXIES).toBe('uniquelocal');
  });

  it('placeholders pass compose but not the app: api and worker exit 1 naming the variable', async () => {
    const model = loadCompose(PROD, { ...REAL_SECRETS, JWT_SECRET: 'please-change-me-before-going-live-0123456789' });
    const local = await localServices();
    try {
      const services = ['api', 'worker'].map((name) => runService(model, name, local));
      for (const service of services) {
        expect(await service.exited).toBe(1);
        expect(service.stderr()).toMatch(/JWT_SECRET: looks like a placeholder/);
      }
    } finally {
      await local.drop();
    }
  }, 90_000);

  it('with real secrets: the migrate job runs the migrations only, and the api starts', async () => {
    const local = await localServices();
    const model = loadCompose(PROD, { ...REAL_SECRETS, SMTP_URL: local.smtpUrl });
    let api: Running | undefined;
    try {
      const migrate = runService(model, 'migrate', local);
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).toMatch(/Applied \d+ migration\(s\)/);
      expect(migrate.output()).not.toMatch(/Sandbox data|Demo user/);
      api = runService(model, 'api', local);
      await until(async () => (await status(`http://127.0.0.1:${local.ports.api}/health`)) === 200, 60_000, api.output);
      expect(await api.stop()).toBe(0);
    } finally {
      await api?.stop();
      await local.drop();
    }
  }, 120_000);
});
