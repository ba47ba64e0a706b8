import { Controller, Get, Headers, Header, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '../../config/config';
import { Public } from '../auth/decorators';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { clusterMetrics } from '../lifecycle/api-processes';
import { metricsAccess, MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint, closed by default: it answers only `Authorization: Bearer <METRICS_TOKEN>`.
 * Without a configured token it is not served at all (404, like any unknown route): route names, queue
 * depths and process figures are not for anyone who can reach the API (docs/operations.md, "Metrics").
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController implements OnApplicationBootstrap {
  private readonly logger = new Logger(MetricsController.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runsApi && !this.config.metricsToken) this.logger.warn('METRICS_TOKEN is not set: /metrics is not served');
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const access = metricsAccess(this.config.metricsToken, authorization);
    if (access === 'not-served') throw new DomainError(CommonErrors.ROUTE_NOT_FOUND);
    if (access === 'refused') throw new DomainError(CommonErrors.UNAUTHENTICATED);
    // Supervised (API_PROCESSES > 1): every process's metrics, gathered by the supervisor.
    return (await clusterMetrics()) ?? (await this.metrics.registry.metrics());
  }
}
