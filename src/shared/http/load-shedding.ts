import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';

/**
 * Probes and scrapes answer whatever the load: a liveness probe that failed under load would get a busy
 * process restarted (and its load moved to the others), and metrics are most wanted then.
 */
export const NEVER_SHED = new Set(['/health', '/health/live', '/metrics', '/cpro/transverses/v1/health-check']);

/**
 * How long the event loop's delay is averaged before each decision. Short enough that a burst is met
 * within a few hundred milliseconds (the latency target is 100 ms at p99), long enough that one
 * garbage collection does not shed a whole window by itself.
 */
export const SAMPLE_INTERVAL_MS = 250;

/**
 * What a shed request is told: retry after this many seconds. A few windows: the backlog that made the
 * loop late is gone by then, and clients that honour it spread out instead of retrying at once.
 */
export const RETRY_AFTER_SECONDS = 2;

export type ShedReason = 'event_loop_delay' | 'in_flight';

/**
 * Answers 503 `COMMON.OVERLOADED` (problem+json on /api, the PISTE envelope on /cpro, both through the
 * ordinary error path) with `Retry-After`, before authentication, parsing or any query, when the process is
 * past what it can serve in time. Under overload a request that is accepted waits behind all the others and
 * every caller times out; one refused at once costs almost nothing and lets the accepted ones finish. Two
 * signals, each `0` to disable:
 * - the event loop's mean delay over the last window exceeds `maxEventLoopDelayMs` (@fastify/under-pressure):
 *   the API's own CPU is the bottleneck;
 * - `maxRequestsInFlight` requests are already being served by this process: the wait is elsewhere
 *   (database pool, a slow PostgreSQL, a starved host), where the loop is idle and its delay says nothing.
 */
export async function registerLoadShedding(
  fastify: FastifyInstance,
  limits: { maxEventLoopDelayMs: number; maxRequestsInFlight: number },
  onShed: (route: string, reason: ShedReason) => void,
): Promise<void> {
  const overloaded = () => new DomainError(CommonErrors.OVERLOADED, { retryAfter: RETRY_AFTER_SECONDS });
  if (limits.maxRequestsInFlight > 0) {
    let inFlight = 0;
    fastify.addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (route !== undefined && NEVER_SHED.has(route)) return done();
      if (inFlight >= limits.maxRequestsInFlight) {
        onShed(route ?? 'unmatched', 'in_flight');
        return done(overloaded());
      }
      inFlight++;
      // 'close' comes once the answer is written or the connection is gone, whichever ends the request.
      reply.raw.once('close', () => inFlight--);
      done();
    });
  }
  if (limits.maxEventLoopDelayMs > 0) {
    // The start-up (Nest's routes, the OpenAPI document) blocks the loop after the sampler starts: the first
    // windows would read as overload and refuse the first requests. The rule applies from two windows after ready.
    let appliesFrom = Number.POSITIVE_INFINITY;
    fastify.addHook('onReady', async () => {
      appliesFrom = performance.now() + 2 * SAMPLE_INTERVAL_MS;
    });
    await fastify.register(underPressure, {
      maxEventLoopDelay: limits.maxEventLoopDelayMs,
      sampleInterval: SAMPLE_INTERVAL_MS,
      // Called only while under pressure. Nothing returned: the request goes on; a rejection: it is answered
      // with that error by the ordinary error path.
      pressureHandler: (request) => {
        const route = request.routeOptions.url;
        if ((route !== undefined && NEVER_SHED.has(route)) || performance.now() < appliesFrom) return undefined;
        onShed(route ?? 'unmatched', 'event_loop_delay');
        return Promise.reject(overloaded());
      },
    });
  }
}
