import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AppConfig } from '../../config/config';
import { DomainError } from '../domain/domain-error';
import { metricsAccess, MetricsService } from '../metrics/metrics.service';
import { HealthController } from './health.controller';

/**
 * The worker has no API, so it answers its orchestrator and Prometheus on a port of its own
 * (WORKER_HTTP_PORT): `/health/live`, `/health` (PostgreSQL and Redis, 503 naming what is down) and
 * `/metrics` (the API's token: queue depth and failed jobs, outbox lag, mail deliveries, process).
 */
export async function serveWorkerProbes(app: INestApplicationContext, logger: LoggerService): Promise<Server | null> {
  const config = app.get(AppConfig);
  if (config.workerHttpPort === 0) return null;
  const health = app.get(HealthController);
  const metrics = app.get(MetricsService);
  const server = createServer((request, response) => {
    const send = (status: number, type: string, body: string): void => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, 'text/plain', 'Method not allowed');
    if (path === '/health/live') return send(200, 'application/json', JSON.stringify(health.live()));
    if (path === '/health') {
      health.check().then(
        (result) => send(200, 'application/json', JSON.stringify(result)),
        (error: unknown) => {
          const params = error instanceof DomainError ? error.params : {};
          send(503, 'application/json', JSON.stringify({ status: 'error', ...params }));
        },
      );
      return;
    }
    if (path === '/metrics') {
      const access = metricsAccess(config.metricsToken, request.headers.authorization);
      if (access === 'not-served') return send(404, 'text/plain', 'Not found');
      if (access === 'refused') return send(401, 'text/plain', 'Unauthorized');
      metrics.registry.metrics().then(
        (text) => send(200, 'text/plain; version=0.0.4; charset=utf-8', text),
        () => send(500, 'text/plain', 'Metrics unavailable'),
      );
      return;
    }
    send(404, 'text/plain', 'Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.workerHttpPort, process.env.HOST ?? '0.0.0.0', resolve);
  });
  logger.log(`Liasse worker probes on port ${config.workerHttpPort} (/health, /health/live, /metrics)`);
  return server;
}
