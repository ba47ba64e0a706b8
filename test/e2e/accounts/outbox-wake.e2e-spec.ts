import { OutboxRelay } from '../../../src/shared/outbox/outbox-relay';
import { givenActiveUser, uniqueEmail, waitUntil } from '../../factories/accounts';
import { startTestApp, TestApp } from '../../support/test-app';
import { sql } from './helpers';

/**
 * The relay is woken by NOTIFY. An event committed while a batch is being claimed (after the claim's
 * snapshot) must be claimed right after, not at the next poll: the poll interval here is a minute.
 */
describe('outbox relay wake-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ OUTBOX_POLL_MS: '60000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('claims again at once for an event committed during a claim', async () => {
    const user = await givenActiveUser(t);
    const relay = t.app.get(OutboxRelay);
    const drain = relay.drainOnce.bind(relay);
    let committedDuringClaim = false;
    const spy = jest.spyOn(relay, 'drainOnce').mockImplementation(async () => {
      const published = await drain();
      if (!committedDuringClaim) {
        committedDuringClaim = true;
        // The claim above is over; its sleep has not begun: the NOTIFY of this commit lands in between.
        const res = await t.http.patch('/api/v1/me', { contactEmail: uniqueEmail('wake') }, { token: user.token });
        expect(res.status).toBe(200);
      }
      return published;
    });
    try {
      // Wake the relay once (any committed event does).
      await t.http.patch('/api/v1/me', { contactEmail: uniqueEmail('first') }, { token: user.token });
      await waitUntil(() => committedDuringClaim);
      await waitUntil(async () => {
        const [row] = await sql<{ n: string }>(t, 'select count(*) as n from outbox_event where published_at is null');
        return Number(row!.n) === 0;
      }, 5_000);
    } finally {
      spy.mockRestore();
    }
  });
});
