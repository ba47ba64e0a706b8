import { Client } from 'pg';
import { ConfigurationError, validateEnvironment } from '../../../src/config/app.config';
import { uuidv7 } from '../../../src/shared/domain/ids';
import { OutboxRelay } from '../../../src/shared/outbox/outbox-relay';
import { OutboxRetention } from '../../../src/shared/outbox/outbox-retention';
import { WorkQueue } from '../../../src/shared/queue/work-queue';
import { DAY_MS } from '../../../src/shared/time/clock';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, uniqueEmail, waitUntil } from '../../factories/accounts';
import { mailsTo, settle, sql } from './helpers';

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Inserts `n` events of a type no handler subscribes to; returns their ids in claim (id) order. */
async function givenEvents(t: TestApp, n: number, at = new Date()): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => uuidv7(at.getTime() + i));
  for (const id of ids) {
    await sql(t, `insert into outbox_event (id, type, payload, actor, occurred_at) values (?, 'test.nobody-listens', '{}', '{"kind":"system"}', ?)`, [id, at]);
  }
  return ids;
}

describe('outbox relay claim (outbox_claim)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // API role: no relay of its own runs, so the test decides who claims what.
    t = await startTestApp({ APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('claims in id order, skips rows another relay holds, and gives them back when that relay rolls back', async () => {
    const ids = await givenEvents(t, 3);
    const a = await connect(t.databaseUrl);
    const b = await connect(t.databaseUrl);
    try {
      await a.query('begin');
      const first = await a.query<{ id: string }>('select id from outbox_claim(2)');
      expect(first.rows.map((r) => r.id).sort()).toEqual(ids.slice(0, 2));

      await b.query('begin');
      const second = await b.query<{ id: string }>('select id from outbox_claim(200)');
      expect(second.rows.map((r) => r.id)).toEqual([ids[2]]);
      await b.query('commit');

      // A relay that could not publish rolls back: its rows are unpublished again, and claimed next time.
      await a.query('rollback');
      const rows = await sql<{ id: string; published_at: Date | null }>(t, 'select id, published_at from outbox_event where id in (?) order by id', [ids]);
      expect(rows.map((r) => r.published_at === null)).toEqual([true, true, false]);
      expect(await t.app.get(OutboxRelay).drainOnce()).toBe(2);
      const [left] = await sql<{ n: string }>(t, 'select count(*) as n from outbox_event where published_at is null');
      expect(Number(left!.n)).toBe(0);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('walks the unpublished index in id order, not a bitmap scan, whatever the statistics say', async () => {
    // The function's own setting is what keeps the plan: without it, stale statistics chose a bitmap
    // scan that never marks the published rows' dead index entries (migration outbox_claim).
    const [fn] = await sql<{ proconfig: string[] }>(t, `select proconfig from pg_proc where proname = 'outbox_claim'`);
    expect(fn!.proconfig).toEqual(['enable_bitmapscan=off']);
    const client = await connect(t.databaseUrl);
    try {
      await client.query('begin');
      await client.query('set local enable_bitmapscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        'explain select c.id from outbox_event c where c.published_at is null order by c.id limit 200 for update skip locked',
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('Index Scan using outbox_event_unpublished_idx');
      expect(text).not.toContain('Sort');
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });
});

describe('outbox relay when the queue refuses a batch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves the events unpublished, then publishes them once the queue answers again', async () => {
    const queue = t.app.get(WorkQueue);
    const refuse = jest.spyOn(queue, 'publishToHandlers').mockRejectedValue(new Error('Redis unavailable'));
    try {
      const user = await givenActiveUser(t);
      const next = uniqueEmail('refused');
      expect((await t.http.patch('/api/v1/me', { contactEmail: next }, { token: user.token })).status).toBe(200);
      await waitUntil(async () => refuse.mock.calls.length > 0);
      const rows = await sql<{ published_at: Date | null }>(
        t,
        `select published_at from outbox_event where type = 'accounts.contact-email-change-requested' and payload->>'userId' = ?`,
        [user.id],
      );
      expect(rows).toEqual([{ published_at: null }]);
      refuse.mockRestore();
      await settle(t);
      expect(mailsTo(t, next, 'accounts.contact-email-confirmation')).toHaveLength(1);
    } finally {
      refuse.mockRestore();
    }
  });
});

describe('outbox retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('deletes published events and handled marks older than OUTBOX_RETENTION_DAYS, in batches, never an unpublished event', async () => {
    const now = t.clock.now().getTime();
    const old = new Date(now - 31 * DAY_MS);
    const recent = new Date(now - 29 * DAY_MS);
    // 5 001 old published events: more than one delete batch.
    await sql(
      t,
      `insert into outbox_event (id, type, payload, actor, occurred_at, published_at)
       select gen_random_uuid(), 'test.old', '{}', '{"kind":"system"}', ?, ? from generate_series(1, 5001)`,
      [old, old],
    );
    const [kept] = await givenEvents(t, 1, old);
    await sql(t, 'update outbox_event set published_at = ? where id = ?', [recent, kept]);
    const [owed] = await givenEvents(t, 1, old); // never published: the relay still owes it
    await sql(t, `insert into handled_event (handler, event_id, handled_at) values ('test.a', ?, ?), ('test.b', ?, ?)`, [uuidv7(), old, uuidv7(), recent]);

    const purged = await t.app.get(OutboxRetention).run();

    expect(purged).toEqual({ events: 5001, marks: 1 });
    const events = await sql<{ id: string }>(t, `select id from outbox_event where type like 'test.%'`);
    expect(events.map((e) => e.id).sort()).toEqual([kept, owed].sort());
    const marks = await sql<{ handler: string }>(t, `select handler from handled_event where handler like 'test.%'`);
    expect(marks).toEqual([{ handler: 'test.b' }]);
  });

  it('refuses a retention shorter than the 14 days failed jobs are kept for a manual retry', () => {
    const env = { DATABASE_URL: 'postgres://x/y', JWT_SECRET: 'x'.repeat(32), OUTBOX_RETENTION_DAYS: '14' };
    expect(() => validateEnvironment(env)).toThrow(ConfigurationError);
    expect(() => validateEnvironment(env)).toThrow(/OUTBOX_RETENTION_DAYS/);
    expect(validateEnvironment({ ...env, OUTBOX_RETENTION_DAYS: '15' }).OUTBOX_RETENTION_DAYS).toBe(15);
  });
});
