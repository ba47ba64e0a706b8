import { MikroORM } from '@mikro-orm/postgresql';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import type { DestinationStream } from 'pino';
import { createHttpApp } from '../../src/bootstrap';
import { OutboxRelay } from '../../src/shared/outbox/outbox-relay';
import { AdjustableClock } from '../../src/shared/time/clock';
import { TEST_ADMIN_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from '../setup/test-env';
import { Http } from './http';
import { SmtpSink } from './smtp-sink';

export interface TestApp {
  app: NestFastifyApplication;
  http: Http;
  mail: SmtpSink;
  clock: AdjustableClock;
  databaseUrl: string;
  redisPrefix: string;
  orm: MikroORM;
  /** Publishes pending outbox events now instead of waiting for the relay's wake-up. */
  flushOutbox(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A complete application (API + worker roles in one process) on its own database cloned from the
 * migrated template, its own Redis key prefix and its own SMTP sink. One per test file. `logStream`
 * receives the log lines (set LOG_LEVEL in `env`; silent by default).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logStream?: DestinationStream; /** The URL the app is given for its database (e.g. through a TcpProxy). */ databaseUrl?: (direct: string) => string } = {},
): Promise<TestApp> {
  const { name, url: databaseUrl } = await createTestDatabase();

  const mail = new SmtpSink();
  await mail.start();
  const clock = new AdjustableClock();
  const redisPrefix = `liasse-test-${name.slice(-20)}`;
  // nestjs-pino keeps the first app's logger for logs outside a request, module-wide: without this, a
  // second app of the same test file would write them to the first one's stream.
  __resetOutOfContextForTests();
  const app = await createHttpApp(
    {
      NODE_ENV: 'test',
      APP_ROLE: 'all',
      DATABASE_URL: options.databaseUrl ? options.databaseUrl(databaseUrl) : databaseUrl,
      DATABASE_POOL_MAX: '5',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      SMTP_URL: mail.url,
      MAIL_FROM: 'Liasse Test <no-reply@liasse.test>',
      PUBLIC_URL: 'http://liasse.test',
      CAPTCHA_ENABLED: 'false',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_MS: '100',
      THROTTLE_SENSITIVE_PER_MINUTE: '10000',
      // No load shedding unless a test asks for it: a test machine's load (and a test's own forced garbage
      // collections or bursts of parallel requests) must not turn functional answers into 503s.
      // test/e2e/faults/load-shedding.e2e-spec.ts sets it.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      MAX_REQUESTS_IN_FLIGHT: '0',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      ...env,
    },
    { clock, logStream: options.logStream },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const relay = app.get(OutboxRelay);
  return {
    app,
    http: new Http(app),
    mail,
    clock,
    databaseUrl,
    redisPrefix,
    orm: app.get(MikroORM),
    flushOutbox: async () => {
      while ((await relay.drainOnce()) > 0);
    },
    close: async () => {
      await app.close();
      await mail.stop();
      await deleteRedisKeys(redisPrefix);
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** A database of its own, cloned from the migrated template; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const template = process.env.LIASSE_TEST_TEMPLATE;
  if (!template) throw new Error('LIASSE_TEST_TEMPLATE is not set: run the tests with `npm test` (jest global setup).');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${name}" template "${template}"`);
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`drop database if exists "${name}" with (force)`) };
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
