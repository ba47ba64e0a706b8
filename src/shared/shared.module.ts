import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';
import { ReadinessChecks } from './health/readiness-checks';
import { ErrorFormatterRegistry } from './http/error-formatter';
import { ErrorCodesController } from './http/error-codes.controller';
import { LandingController } from './http/landing.controller';
import { Clock } from './time/clock';
import { DiscoveryModule } from '@nestjs/core';
import { SeedRunner } from './seed/seed-runner';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { RowChanges } from './persistence/row-changes';
import { IdempotencyStore } from './idempotency/idempotency-store';

/** The small kernel every context may use: clock, error formatting, health, row change notifications. */
@Global()
@Module({})
export class SharedModule {
  /** The clock is given from outside so tests can pass one they move. */
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: SharedModule,
      imports: [TerminusModule.forRoot({ logger: false }), DiscoveryModule],
      controllers: [HealthController, ErrorCodesController, MetricsController, LandingController],
      providers: [{ provide: Clock, useValue: clock }, ErrorFormatterRegistry, SeedRunner, MetricsService, RowChanges, ReadinessChecks, IdempotencyStore],
      exports: [Clock, ErrorFormatterRegistry, SeedRunner, MetricsService, RowChanges, ReadinessChecks, IdempotencyStore],
    };
  }
}
