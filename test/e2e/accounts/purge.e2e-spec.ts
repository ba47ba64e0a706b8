import { PurgePendingAccountJob, PendingPurgeSweep } from '../../../src/modules/accounts/jobs/pending-purge.handlers';
import { WorkerRuntime } from '../../../src/shared/queue/worker-runtime';
import { WorkQueue } from '../../../src/shared/queue/work-queue';
import { tokenFromMail } from '../../support/smtp-sink';
import { startTestApp, TestApp } from '../../support/test-app';
import { uniqueEmail, waitUntil } from '../../factories/accounts';
import { activate, expectProblem, signUpPending, sql, userIdOf, waitForNth } from './helpers';

const DAY_MS = 24 * 3_600_000;

/** Pending accounts never activated are purged after 30 days (delayed job per account + hourly sweep). */
describe('purge of pending accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function purgeJob(userId: string) {
    const queue = t.app.get(WorkQueue).queue;
    await waitUntil(async () => !!(await queue.getJob(`purge-pending.${userId}`)));
    return (await queue.getJob(`purge-pending.${userId}`))!;
  }

  it('schedules a delayed purge job, 30 days (and a minute) ahead, for each new account', async () => {
    const email = uniqueEmail('scheduled');
    await signUpPending(t, email);
    const id = (await userIdOf(t, email))!;
    const job = await purgeJob(id);
    expect(job.name).toBe('job:accounts.purge-pending-account');
    expect(job.data).toEqual({ userId: id });
    expect(job.opts.delay).toBe(30 * DAY_MS + 60_000);
    expect(await job.getState()).toBe('delayed');
  });

  it('purges only what is still pending after 30 days; the address can then sign up afresh', async () => {
    const stale = uniqueEmail('stale');
    const activated = uniqueEmail('activated');
    const staleToken = await signUpPending(t, stale);
    const activatedToken = await signUpPending(t, activated);
    const staleId = (await userIdOf(t, stale))!;
    const activatedId = (await userIdOf(t, activated))!;

    // Day 29: the first link has long expired; a fresh one ("Réactiver") activates in time.
    t.clock.advance(29 * DAY_MS);
    expectProblem(await activate(t, activatedToken), 410, 'ACCOUNTS.LINK_INVALID');
    expect((await t.http.post('/api/v1/accounts/activation-requests', { loginEmail: activated })).status).toBe(202);
    expect((await activate(t, tokenFromMail(await waitForNth(t, activated, 'accounts.activation', 2)))).status).toBe(204);
    // Nothing is due yet.
    expect(await t.app.get(PendingPurgeSweep).run()).toBe(0);
    expect(await userIdOf(t, stale)).toBe(staleId);

    // Day 31: the sweep removes the pending account (with its links), not the active one.
    t.clock.advance(2 * DAY_MS);
    expect(await t.app.get(PendingPurgeSweep).run()).toBeGreaterThanOrEqual(1);
    expect(await userIdOf(t, stale)).toBeUndefined();
    expect(await sql(t, 'select id from account_one_time_link where user_id = ?', [staleId])).toEqual([]);
    expect(await userIdOf(t, activated)).toBe(activatedId);
    const [row] = await sql<{ status: string }>(t, 'select status from account_user where id = ?', [activatedId]);
    expect(row!.status).toBe('ACTIVE');

    // The old link is dead; a new sign-up makes a fresh pending account with a new link.
    expectProblem(await activate(t, staleToken), 410, 'ACCOUNTS.LINK_INVALID');
    const again = await t.http.post('/api/v1/accounts', { loginEmail: stale, loginEmailConfirmation: stale, firstName: 'Marie', lastName: 'Curie', acceptTerms: true });
    expect(again.status).toBe(202);
    const freshToken = tokenFromMail(await waitForNth(t, stale, 'accounts.activation', 2));
    const freshId = await userIdOf(t, stale);
    expect(freshId).toBeDefined();
    expect(freshId).not.toBe(staleId);
    expect(freshToken).not.toBe(staleToken);
    expect((await activate(t, freshToken)).status).toBe(204);
  });

  it('runs the delayed job through the worker: it purges a stale pending account and leaves an activated one', async () => {
    const pending = uniqueEmail('job-pending');
    const activated = uniqueEmail('job-activated');
    await signUpPending(t, pending);
    const activatedToken = await signUpPending(t, activated);
    expect((await activate(t, activatedToken)).status).toBe(204);
    const pendingId = (await userIdOf(t, pending))!;
    const activatedId = (await userIdOf(t, activated))!;
    const runtime = t.app.get(WorkerRuntime);

    // Fired early (before 30 days): nothing happens, even to the pending account.
    await runtime.dispatch(await purgeJob(pendingId));
    expect(await userIdOf(t, pending)).toBe(pendingId);

    t.clock.advance(31 * DAY_MS);
    await runtime.dispatch(await purgeJob(activatedId));
    expect(await userIdOf(t, activated)).toBe(activatedId);
    await runtime.dispatch(await purgeJob(pendingId));
    expect(await userIdOf(t, pending)).toBeUndefined();
    // Run twice: still fine.
    await t.app.get(PurgePendingAccountJob).handle({ userId: pendingId });
    expect(await userIdOf(t, activated)).toBe(activatedId);
  });
});
