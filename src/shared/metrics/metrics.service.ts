import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { safeEqual } from '../crypto/tokens';
import { shareMetrics } from '../lifecycle/api-processes';
import { WorkQueue } from '../queue/work-queue';

/**
 * Prometheus metrics: process defaults, HTTP latency per route, and the two backlogs that say the
 * platform is falling behind — unpublished outbox events (and the age of the oldest) and queue depth.
 * Backlog gauges are read at scrape time, so they cost nothing between scrapes.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Requests answered 503 OVERLOADED by load shedding (bootstrap.ts, shared/http/load-shedding.ts). */
  readonly shedRequests: Counter<'api' | 'reason'>;

  constructor(orm: MikroORM, queue: WorkQueue) {
    collectDefaultMetrics({ register: this.registry, prefix: 'liasse_' });
    // Under API_PROCESSES > 1 a scrape answers the sum over the processes; the backlog gauges, read from
    // the database by each, keep the largest reading (aggregator 'max'), not N times the backlog.
    shareMetrics(this.registry);
    this.httpDuration = new Histogram({
      name: 'liasse_http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.shedRequests = new Counter({
      name: 'liasse_http_requests_shed_total',
      help: 'Requests refused with 503 by load shedding, before routing, by API (api, cpro, other) and reason (event_loop_delay: MAX_EVENT_LOOP_DELAY_MS, in_flight: MAX_REQUESTS_IN_FLIGHT)',
      labelNames: ['api', 'reason'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'liasse_outbox_unpublished_events',
      help: 'Domain events committed but not yet published to the queue',
      labelNames: ['measure'],
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        const [row] = await orm.em
          .fork()
          .getConnection()
          .execute<{ count: string; oldest: Date | null }[]>(
            'select count(*) as count, min(occurred_at) as oldest from outbox_event where published_at is null',
          )
          .catch(() => [{ count: 'NaN', oldest: null }]);
        this.set({ measure: 'count' }, Number(row?.count));
        this.set({ measure: 'oldest_age_seconds' }, row?.oldest ? (Date.now() - new Date(row.oldest).getTime()) / 1000 : 0);
      },
    });
    new Gauge({
      name: 'liasse_mail_deliveries',
      help: 'E-mails by delivery state: sent, pending (not sent yet), failing (pending after a failed attempt)',
      labelNames: ['state'],
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        const [row] = await orm.em
          .fork()
          .getConnection()
          .execute<{ sent: string; pending: string; failing: string }[]>(
            `select count(*) filter (where status = 'sent') as sent, count(*) filter (where status <> 'sent') as pending,
                    count(*) filter (where status <> 'sent' and attempts > 0) as failing from mail_delivery`,
          )
          .catch(() => [{ sent: 'NaN', pending: 'NaN', failing: 'NaN' }]);
        for (const state of ['sent', 'pending', 'failing'] as const) this.set({ state }, Number(row?.[state]));
      },
    });
    new Gauge({
      name: 'liasse_queue_jobs',
      help: 'Jobs in the work queue by state',
      labelNames: ['state'],
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        const counts = await queue.queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => ({}) as Record<string, number>);
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
  }
}

/**
 * Who may scrape: nobody when no token is configured (not served, as an unknown route), else only the
 * bearer of METRICS_TOKEN (compared in constant time). The API's /metrics and each worker's probe port.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined): 'served' | 'not-served' | 'refused' {
  if (!token) return 'not-served';
  return safeEqual(authorization ?? '', `Bearer ${token}`) ? 'served' : 'refused';
}
