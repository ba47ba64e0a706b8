import { Controller, Get, Headers, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '../../config/config';
import { Public } from '../auth/decorators';
import { safeEqual } from '../crypto/tokens';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { MetricsService } from './metrics.service';

/** Prometheus scrape endpoint; protected by METRICS_TOKEN when one is configured. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.metricsToken;
    if (token && !safeEqual(authorization ?? '', `Bearer ${token}`)) throw new DomainError(CommonErrors.UNAUTHENTICATED);
    return this.metrics.registry.metrics();
  }
}
