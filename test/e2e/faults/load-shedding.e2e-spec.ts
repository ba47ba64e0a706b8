import { PassThrough } from 'node:stream';
import { RETRY_AFTER_SECONDS, SAMPLE_INTERVAL_MS } from '../../../src/shared/http/load-shedding';
import { startTestApp, TestApp } from '../../support/test-app';

const METRICS_TOKEN = 'shed-metrics-token-0123456789abcdef';
const THRESHOLD_MS = 50;

/**
 * Keeps the event loop late for `ms`: busy chunks of 150 ms with a yield between them, as a process whose
 * loop is saturated by requests (every turn is long, timers fire late). Sampled over ≥ 3 windows of
 * SAMPLE_INTERVAL_MS, the last completed window is all late turns, whatever the phase of the sampler:
 * the mean delay is then ≈ 140 ms, far above THRESHOLD_MS, and stays the decision for one more window.
 */
async function saturateEventLoop(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const chunkEnd = performance.now() + 150;
    while (performance.now() < chunkEnd);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay the shedding rule last measured (under-pressure's decoration of the Fastify instance). */
const measuredDelay = (t: TestApp): number =>
  (t.app.getHttpAdapter().getInstance() as unknown as { memoryUsage(): { eventLoopDelay: number } }).memoryUsage().eventLoopDelay;

/**
 * Waits until the last window's delay is under the threshold: a loaded test machine (or the app's own start)
 * can make a window late by itself, and the rule is "shed while late", not "never shed at rest".
 */
async function caughtUp(t: TestApp): Promise<void> {
  const end = Date.now() + 20_000;
  while (measuredDelay(t) > THRESHOLD_MS) {
    if (Date.now() > end) throw new Error(`The event loop stayed late (${measuredDelay(t)} ms) for 20 s`);
    await wait(SAMPLE_INTERVAL_MS);
  }
}

const shedCount = (metrics: string, route: string, reason = 'event_loop_delay'): number =>
  Number(new RegExp(`liasse_http_requests_shed_total\\{route="${route.replace(/\//g, '\\/')}",reason="${reason}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);

/** The requests a shed test sends right after saturating: both API modes, a probe and the scrape. */
async function probeAll(t: TestApp) {
  // Sent together, in the same turn: all are judged on the window that just ended.
  const [api, cpro, live, ready, metrics] = await Promise.all([
    t.http.get('/api/v1/me'),
    t.http.post('/cpro/factures/v1/rechercher/fournisseur', {}),
    t.http.get('/health/live'),
    t.http.get('/health'),
    t.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
  ]);
  return { api, cpro, live, ready, metrics };
}

describe('load shedding (issue 18)', () => {
  describe(`MAX_EVENT_LOOP_DELAY_MS=${THRESHOLD_MS}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ MAX_EVENT_LOOP_DELAY_MS: String(THRESHOLD_MS), METRICS_TOKEN });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('answers nothing 503 while the event loop keeps up', async () => {
      await caughtUp(t);
      const { api, cpro, live } = await probeAll(t);
      expect(api.status).toBe(401);
      expect(cpro.status).toBe(401);
      expect(live.status).toBe(200);
    });

    it('refuses requests at once with 503 OVERLOADED and Retry-After while the loop is late: problem+json on /api, the envelope on /cpro; probes and metrics still answer', async () => {
      const before = (await t.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text;
      await saturateEventLoop(SAMPLE_INTERVAL_MS * 3 + 100);
      expect(measuredDelay(t)).toBeGreaterThan(THRESHOLD_MS);
      const { api, cpro, live, ready, metrics } = await probeAll(t);

      expect(api.status).toBe(503);
      expect(api.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.body).toMatchObject({ status: 503, code: 'COMMON.OVERLOADED' });
      expect(api.headers['x-request-id']).toBeTruthy();

      expect(cpro.status).toBe(503);
      expect(cpro.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(cpro.body).toMatchObject({ codeRetour: 9502, codeErreur: 'COMMON.OVERLOADED' });
      expect(cpro.body.libelle).toContain(String(RETRY_AFTER_SECONDS));

      expect(live.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(metrics.status).toBe(200);
      // One more each: the two requests just refused (the probes and the scrape are not counted).
      expect(shedCount(metrics.text, '/api/v1/me')).toBe(shedCount(before, '/api/v1/me') + 1);
      expect(shedCount(metrics.text, '/cpro/factures/v1/rechercher/fournisseur')).toBe(shedCount(before, '/cpro/factures/v1/rechercher/fournisseur') + 1);
      expect(metrics.text).toMatch(/liasse_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="503"\} [1-9]/);
      expect(shedCount(metrics.text, '/health/live') + shedCount(metrics.text, '/metrics') + shedCount(metrics.text, '/health')).toBe(0);
    });

    it('serves again once the loop has caught up', async () => {
      await caughtUp(t);
      const { api, cpro } = await probeAll(t);
      expect(api.status).toBe(401);
      expect(cpro.status).toBe(401);
    });
  });

  describe('MAX_REQUESTS_IN_FLIGHT=1', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ MAX_REQUESTS_IN_FLIGHT: '1', METRICS_TOKEN });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a request while another is being served (its body still arriving), probes excepted, and serves again once it is done', async () => {
      // A request in flight: accepted, its body not finished (as one waiting on the database pool would be).
      const body = new PassThrough();
      const held = t.app.inject({ method: 'POST', url: '/cpro/factures/v1/rechercher/fournisseur', headers: { 'content-type': 'application/json' }, payload: body });
      await wait(100);

      const [api, cpro, live, metrics] = await Promise.all([
        t.http.get('/api/v1/me'),
        t.http.post('/cpro/factures/v1/rechercher/recipiendaire', {}),
        t.http.get('/health/live'),
        t.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
      ]);
      expect(api.status).toBe(503);
      expect(api.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(api.body).toMatchObject({ code: 'COMMON.OVERLOADED' });
      expect(cpro.status).toBe(503);
      expect(cpro.body).toMatchObject({ codeRetour: 9502 });
      expect(live.status).toBe(200);
      expect(metrics.status).toBe(200);
      expect(shedCount(metrics.text, '/api/v1/me', 'in_flight')).toBe(1);
      expect(shedCount(metrics.text, '/cpro/factures/v1/rechercher/recipiendaire', 'in_flight')).toBe(1);

      body.end('{}');
      expect((await held).statusCode).toBe(401);
      const again = await t.http.get('/api/v1/me');
      expect(again.status).toBe(401);
    });
  });

  describe('MAX_EVENT_LOOP_DELAY_MS=0', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ MAX_EVENT_LOOP_DELAY_MS: '0', METRICS_TOKEN });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('sheds nothing, however late the loop', async () => {
      await saturateEventLoop(SAMPLE_INTERVAL_MS * 3 + 100);
      const { api, cpro, metrics } = await probeAll(t);
      expect(api.status).toBe(401);
      expect(cpro.status).toBe(401);
      expect(metrics.text).not.toContain('liasse_http_requests_shed_total{');
    });
  });
});
