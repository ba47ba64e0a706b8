import { WorkQueue } from '../../../src/shared/queue/work-queue';
import { startTestApp, TestApp } from '../../support/test-app';
import { givenActiveUser, uniqueEmail, waitUntil } from '../../factories/accounts';
import { mailsTo, settle, signUpPending, sql, userIdOf } from './helpers';

/** Events are e-mailed once, however many times the relay publishes them (job ids + handled_event). */
describe('outbox delivery guarantees', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function eventOf(type: string, userId: string): Promise<string> {
    const rows = await sql<{ id: string; published_at: string | null }>(
      t,
      `select id, published_at from outbox_event where type = ? and payload->>'userId' = ? order by id`,
      [type, userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.published_at).not.toBeNull();
    return rows[0]!.id;
  }

  async function republish(eventId: string): Promise<void> {
    await sql(t, 'update outbox_event set published_at = null where id = ?', [eventId]);
    await settle(t);
    const [row] = await sql<{ published_at: string | null }>(t, 'select published_at from outbox_event where id = ?', [eventId]);
    expect(row!.published_at).not.toBeNull();
  }

  it('marks events published once relayed', async () => {
    const user = await givenActiveUser(t);
    const next = uniqueEmail('c');
    expect((await t.http.patch('/api/v1/me', { contactEmail: next }, { token: user.token })).status).toBe(200);
    await settle(t);
    const [row] = await sql<{ n: string }>(t, 'select count(*) as n from outbox_event where published_at is null');
    expect(Number(row!.n)).toBe(0);
    await eventOf('accounts.contact-email-change-requested', user.id);
  });

  it('sends one e-mail per recipient when an event is published twice (same job ids)', async () => {
    const user = await givenActiveUser(t);
    const next = uniqueEmail('contact');
    expect((await t.http.patch('/api/v1/me', { contactEmail: next }, { token: user.token })).status).toBe(200);
    await t.mail.waitForTemplate(next, 'accounts.contact-email-confirmation');
    await t.mail.waitForTemplate(user.email, 'accounts.contact-email-change-requested');
    await settle(t);
    const eventId = await eventOf('accounts.contact-email-change-requested', user.id);

    await republish(eventId);
    await republish(eventId);
    expect(mailsTo(t, next, 'accounts.contact-email-confirmation')).toHaveLength(1);
    expect(mailsTo(t, user.email, 'accounts.contact-email-change-requested')).toHaveLength(1);
  });

  it('does not run a handler twice even when its job is gone and the event is re-published (handled_event)', async () => {
    // The activation mailer mints a new link on each run, so the mail log cannot deduplicate it: only
    // the handled_event mark can.
    const email = uniqueEmail('twice');
    await signUpPending(t, email);
    await settle(t);
    const userId = (await userIdOf(t, email))!;
    const eventId = await eventOf('accounts.user-registered', userId);
    const queue = t.app.get(WorkQueue).queue;
    const jobId = `${eventId}.accounts.activation-mail-on-sign-up`;
    const first = await queue.getJob(jobId);
    expect(await first!.getState()).toBe('completed');
    await first!.remove();
    expect(await queue.getJob(jobId)).toBeUndefined();

    await republish(eventId);
    // The job really ran again…
    await waitUntil(async () => (await (await queue.getJob(jobId))?.getState()) === 'completed');
    await settle(t);
    // … and did nothing: one activation e-mail, one link.
    expect(mailsTo(t, email, 'accounts.activation')).toHaveLength(1);
    const links = await sql(t, `select id from account_one_time_link where user_id = ? and purpose = 'ACTIVATION'`, [userId]);
    expect(links).toHaveLength(1);
    const marks = await sql(t, 'select handler from handled_event where event_id = ? order by handler', [eventId]);
    expect(marks).toEqual([{ handler: 'accounts.activation-mail-on-sign-up' }, { handler: 'accounts.schedule-pending-purge' }]);
  });
});
