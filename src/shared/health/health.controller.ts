import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, Get, Logger, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { Public } from '../auth/decorators';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { createRedis } from '../queue/redis';
import { ApiProblems } from '../http/api-problems';
import { ReadinessChecks } from './readiness-checks';

/**
 * `/health`: readiness of PostgreSQL, Redis and what contexts add (ReadinessChecks: the bucket with
 * FILE_STORE=s3); 503 if one is down, with which one;
 * `/health/live`: the process answers (for restarts, never depends on PostgreSQL or Redis).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private readonly redis: IORedis;
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly orm: MikroORM,
    private readonly readiness: ReadinessChecks,
    config: AppConfig,
  ) {
    this.redis = createRedis(config.redis.url, 'probe', 'liasse-health');
  }

  @Get()
  // terminus' own OpenAPI answers describe its body, not the problem+json this route writes on 503.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ operationId: 'getHealth', summary: 'Readiness: PostgreSQL, Redis and, with FILE_STORE=s3, the files bucket' })
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiProblems([CommonErrors.SERVICE_UNAVAILABLE], { publicRoute: true })
  async check(): Promise<HealthCheckResult> {
    try {
      const added = this.readiness.entries().map(([name, probe]) => () => this.probe(name, probe));
      return await this.health.check([() => this.postgres(), () => this.redisCheck(), ...added]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // The problem+json answer names what is down and what is up (`params.down`, `params.up`); the
      // driver's message stays in the log, since it names hosts and ports.
      const result = error.getResponse() as HealthCheckResult;
      const checks = Object.entries(result.details ?? {});
      const down = checks.filter(([, d]) => d.status !== 'up').map(([name]) => name);
      const up = checks.filter(([, d]) => d.status === 'up').map(([name]) => name);
      this.logger.warn({ details: result.error }, `Not ready: ${down.join(', ')} down`);
      throw new DomainError(CommonErrors.SERVICE_UNAVAILABLE, { down, up });
    }
  }

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'Alive' })
  @ApiProblems([], { publicRoute: true })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async postgres() {
    const check = this.indicator.check('postgres');
    try {
      await withTimeout(this.orm.em.getConnection().execute('select 1'), 2000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async probe(name: string, probe: () => Promise<void>) {
    const check = this.indicator.check(name);
    try {
      await withTimeout(probe(), 2000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async redisCheck() {
    const check = this.indicator.check('redis');
    try {
      await withTimeout(this.redis.ping(), 2000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms))]);
}
