import { givenActiveUser } from '../factories/accounts';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15: /metrics is closed by default. Without METRICS_TOKEN it is not served; with one, only
 * `Authorization: Bearer <METRICS_TOKEN>` reads it (not a user's token, not a near miss). Two apps boot
 * in this file: their hooks get more time than the default on a loaded machine.
 */
describe('/metrics access', () => {
  const METRICS_TOKEN = 'k3Vq9-ZrT0pL7wXy2sNb8dHf4gJm6cAe';

  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN: '' });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('is not served, whatever the request carries', async () => {
      const anonymous = await t.http.get('/metrics');
      expect(anonymous.status).toBe(404);
      expect(anonymous.text).not.toContain('liasse_');
      const user = await givenActiveUser(t, { isAdmin: true });
      const withToken = await t.http.get('/metrics', { token: user.token });
      expect(withToken.status).toBe(404);
      expect(withToken.text).not.toContain('liasse_');
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a scrape without the token, with a user token or with another one', async () => {
      const user = await givenActiveUser(t, { isAdmin: true });
      for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${user.token}` }, { authorization: `Bearer ${METRICS_TOKEN}x` }, { authorization: METRICS_TOKEN }, { authorization: `Basic ${METRICS_TOKEN}` }]) {
        const res = await t.http.get('/metrics', { headers });
        expect(res.status).toBe(401);
        expect(res.text).not.toContain('liasse_');
      }
    });

    it('serves the scrape to the token: HTTP latency by route and the outbox and queue backlogs', async () => {
      await t.http.get('/health/live');
      const res = await t.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/liasse_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
      expect(res.text).toMatch(/liasse_outbox_unpublished_events\{measure="count"\} \d+/);
      expect(res.text).toMatch(/liasse_queue_jobs\{state="waiting"\} \d+/);
    });
  });
});
