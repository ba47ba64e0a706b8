import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, Get, OnApplicationShutdown } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { Public } from '../auth/decorators';
import { createRedis } from '../queue/redis';

/**
 * `/health`: readiness of both dependencies (503 if either is down, with which one);
 * `/health/live`: the process answers (for restarts, never depends on PostgreSQL or Redis).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private readonly redis: IORedis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly orm: MikroORM,
    config: AppConfig,
  ) {
    this.redis = createRedis(config.redis.url, 'probe', 'liasse-health');
  }

  @Get()
  @HealthCheck()
  @ApiOperation({ operationId: 'getHealth', summary: 'Readiness: PostgreSQL and Redis' })
  @ApiOkResponse({ description: 'Both dependencies answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.postgres(), () => this.redisCheck()]);
  }

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'Alive' })
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
