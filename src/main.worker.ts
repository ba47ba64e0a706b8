import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { serveWorkerProbes } from './shared/health/worker-probes';
import { stopOnSignals } from './shared/lifecycle/graceful-shutdown';

/** Worker role: outbox relay, queue consumers, crons. No API: only its probes on WORKER_HTTP_PORT. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ APP_ROLE: 'worker' }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  stopOnSignals(app, app.get(Logger), app.get(AppConfig).shutdownGraceMs, 'Liasse worker');
  await serveWorkerProbes(app, app.get(Logger));
  app.get(Logger).log('Liasse worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
