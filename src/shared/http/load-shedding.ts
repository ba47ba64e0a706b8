import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FastifyServerFactory, FastifyServerFactoryHandler, FastifyServerOptions } from 'fastify';

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

/** The histogram's resolution, taken off its mean (a loop that keeps up reads about this much). */
const RESOLUTION_MS = 10;

/**
 * What a shed request is told: retry after this many seconds. A few windows: the backlog that made the
 * loop late is gone by then, and clients that honour it spread out instead of retrying at once.
 */
export const RETRY_AFTER_SECONDS = 2;

/** How often refusals are summed up in the log while they happen. */
const SUMMARY_INTERVAL_MS = 10_000;

/** A shed request with a body larger than this closes its connection rather than have the server read it all. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

export type ShedReason = 'event_loop_delay' | 'in_flight';
export type ApiFamily = 'api' | 'cpro' | 'other';

export interface ShedLimits {
  /** Mean event-loop delay over the last window past which requests are refused; 0: off. */
  maxEventLoopDelayMs: number;
  /** Requests one process serves at once at most; 0: off. */
  maxRequestsInFlight: number;
}

/** Writes the 503 of a shed request (status, headers, body): see `createHttpApp`. */
export type Refusal = (req: IncomingMessage, res: ServerResponse) => void;

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function apiFamilyOf(path: string): ApiFamily {
  return path.startsWith('/api/') ? 'api' : path === '/cpro' || path.startsWith('/cpro/') ? 'cpro' : 'other';
}

/**
 * Answers 503 `COMMON.OVERLOADED` with `Retry-After` when the process is past what it can serve in time,
 * on Node's raw request, before Fastify builds its request, routes it, runs a hook or reads a body
 * (architecture D24). Under overload an accepted request waits behind all the others and every caller
 * times out; a refusal must cost next to nothing, or the refusals themselves eat the core the accepted
 * requests need (measured: at twice the capacity, 0.3 ms per refusal through Fastify's error path left a
 * third of the capacity served). Two signals, each `0` to disable:
 * - the event loop's mean delay over the last window exceeds `maxEventLoopDelayMs`: the API's own CPU is
 *   the bottleneck;
 * - `maxRequestsInFlight` requests are already being served by this process: the wait is elsewhere
 *   (database pool, a slow PostgreSQL, a starved host), where the loop is idle and its delay says nothing.
 * A refusal is as fast as the loop reads the request: within a turn on an open connection, but a new
 * connection is accepted once per turn (libuv), which is why production runs behind a proxy (architecture D29).
 */
export class LoadShedder {
  private inFlight = 0;
  private late = false;
  private histogram?: IntervalHistogram;
  private sampler?: NodeJS.Timeout;
  /** The start-up (Nest's routes, the OpenAPI document) blocks the loop: the rule applies from two windows after `start`. */
  private appliesFrom = Number.POSITIVE_INFINITY;
  /** The mean delay of the last window, in ms (for metrics and tests). */
  lastDelayMs = 0;
  private readonly release = () => {
    this.inFlight--;
  };

  /** Refusals since the last summary, by reason: shed requests skip the access log, one line tells them. */
  private readonly unreported: Record<ShedReason, number> = { event_loop_delay: 0, in_flight: 0 };
  private reporter?: NodeJS.Timeout;

  constructor(
    private readonly limits: ShedLimits,
    private readonly on: {
      refuse: Refusal;
      shed(family: ApiFamily, reason: ShedReason): void;
      /** Every SUMMARY_INTERVAL_MS while requests are refused. */
      summary(refused: Record<ShedReason, number>, windowMs: number): void;
    },
  ) {}

  get enabled(): boolean {
    return this.limits.maxEventLoopDelayMs > 0 || this.limits.maxRequestsInFlight > 0;
  }

  /** True: the request goes on. False: it was answered here. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.enabled) return true;
    const path = pathOf(req.url);
    if (NEVER_SHED.has(path)) return true;
    const max = this.limits.maxRequestsInFlight;
    const reason: ShedReason | null = this.late ? 'event_loop_delay' : max > 0 && this.inFlight >= max ? 'in_flight' : null;
    if (reason !== null) {
      this.unreported[reason]++;
      this.on.shed(apiFamilyOf(path), reason);
      // Node reads and drops an unread body after the answer to keep the connection; past a few chunks,
      // closing it is cheaper (the client retries on a new one after Retry-After anyway).
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > DRAIN_LIMIT_BYTES || req.headers['transfer-encoding'] !== undefined) res.shouldKeepAlive = false;
      this.on.refuse(req, res);
      return false;
    }
    if (max > 0) {
      this.inFlight++;
      // 'close' comes once the answer is written or the connection is gone, whichever ends the request.
      res.once('close', this.release);
    }
    return true;
  }

  /** Starts sampling the event loop and summarising refusals (once the server listens; `stop` at close). */
  start(): void {
    if (!this.enabled || this.reporter) return;
    this.reporter = setInterval(() => this.report(), SUMMARY_INTERVAL_MS);
    this.reporter.unref();
    if (this.limits.maxEventLoopDelayMs <= 0) return;
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    this.histogram = histogram;
    this.appliesFrom = performance.now() + 2 * SAMPLE_INTERVAL_MS;
    this.sampler = setInterval(() => {
      // No sample at all: the loop never turned in the window (one task held it throughout), the latest it can be.
      this.lastDelayMs = histogram.count === 0 ? SAMPLE_INTERVAL_MS : Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS);
      histogram.reset();
      this.late = this.lastDelayMs > this.limits.maxEventLoopDelayMs && performance.now() >= this.appliesFrom;
    }, SAMPLE_INTERVAL_MS);
    this.sampler.unref();
  }

  stop(): void {
    if (this.reporter) clearInterval(this.reporter);
    this.report();
    this.reporter = undefined;
    if (this.sampler) clearInterval(this.sampler);
    this.histogram?.disable();
    this.sampler = undefined;
    this.late = false;
  }

  private report(): void {
    const { event_loop_delay, in_flight } = this.unreported;
    if (event_loop_delay + in_flight === 0) return;
    this.on.summary({ event_loop_delay, in_flight }, SUMMARY_INTERVAL_MS);
    this.unreported.event_loop_delay = 0;
    this.unreported.in_flight = 0;
  }

  /**
   * Fastify's `serverFactory`: the HTTP server Fastify would build, with the shedder in front of its
   * handler, and its timeouts set as Fastify sets them.
   */
  serverFactory(): FastifyServerFactory {
    return (handler: FastifyServerFactoryHandler, opts: Record<string, unknown>): Server => {
      const options = opts as FastifyServerOptions & { http?: ServerOptions };
      const server = createServer(options.http ?? {}, (req, res) => {
        if (this.admit(req, res)) handler(req, res);
      });
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
      if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
      server.on('listening', () => this.start());
      return server;
    };
  }
}
