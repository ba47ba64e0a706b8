import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { validateEnvironment } from './config/app.config';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { ConnectionsModule } from './modules/connections/connections.module';
import { EngagementsModule } from './modules/engagements/engagements.module';
import { HabilitationsModule } from './modules/habilitations/habilitations.module';
import { InvoicingModule } from './modules/invoicing/invoicing.module';
import { LifecycleModule } from './modules/lifecycle/lifecycle.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PisteModule } from './modules/piste/piste.module';
import { OrganisationModule } from './modules/organisation/organisation.module';
import { SupportModule } from './modules/support/support.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { GlobalAuthGuard } from './shared/auth/auth.guard';
import { HttpErrorFilter } from './shared/http/http-error.filter';
import { ResilientThrottlerStorage } from './shared/http/throttler-storage';
import { loggableUrl, REDACTED_PATHS } from './shared/logging/redaction';
import { safeErrorSerializer } from './shared/logging/sql-redaction';
import { assignRequestId } from './shared/logging/request-id';
import { ormOptions } from './shared/persistence/orm-options';
import { QueueModule } from './shared/queue/queue.module';
import { SharedModule } from './shared/shared.module';
import { Clock, SystemClock } from './shared/time/clock';

/** The bounded contexts, in dependency order. */
const CONTEXTS: Type[] = [
  NotificationsModule,
  AccountsModule,
  OrganisationModule,
  HabilitationsModule,
  ConnectionsModule,
  EngagementsModule,
  InvoicingModule,
  LifecycleModule,
  PisteModule,
  SupportModule,
  WebhooksModule,
];

@Module({})
export class AppModule {
  /**
   * One wiring for every role (APP_ROLE): the API serves HTTP; the worker runs the outbox relay, the
   * queue consumers and the crons. `overrides` replace environment variables (tests).
   */
  static forRoot(overrides: Record<string, string> = {}, extras: { clock?: Clock; logStream?: DestinationStream } = {}): DynamicModule {
    const env = validateEnvironment({ ...process.env, ...overrides });
    const config = new AppConfig(env);
    const pinoOptions: PinoHttpOptions = {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage) => assignRequestId(req),
      autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // Database errors lose their statement's values on every log line (src/shared/logging/sql-redaction.ts).
        err: safeErrorSerializer,
        error: safeErrorSerializer,
      },
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(overrides),
        // `logStream`: where log lines go instead of stdout (tests read them).
        LoggerModule.forRoot({ pinoHttp: extras.logStream ? [pinoOptions, extras.logStream] : pinoOptions }),
        MikroOrmModule.forRoot({ ...ormOptions(config.database.url, config.database.poolMax), registerRequestContext: true }),
        ThrottlerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => ({ throttlers: [{ name: 'sensitive', ttl: 60_000, limit: c.throttleSensitivePerMinute }] }),
        }),
        ...(config.runsWorker ? [ScheduleModule.forRoot()] : []),
        SharedModule.forRoot(extras.clock ?? new SystemClock()),
        QueueModule,
        ...CONTEXTS,
      ],
      providers: [
        { provide: ThrottlerStorage, useClass: ResilientThrottlerStorage },
        { provide: APP_GUARD, useClass: GlobalAuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
