import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { buildOpenApiDocument, setupSwaggerUi } from './shared/http/swagger';
import { createValidationPipe } from './shared/http/validation';
import { Clock } from './shared/time/clock';
import { MetricsService } from './shared/metrics/metrics.service';
import { assignRequestId } from './shared/logging/request-id';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** JSON bodies carry base64 files on /cpro (a 10 MB file is ~13.4 MB in base64) and flows up to 120 MB. */
export const MAX_BODY_BYTES = 170 * 1024 * 1024;

/** Builds the HTTP application (API role) exactly as production runs it; tests use it too. */
export async function createHttpApp(overrides: Record<string, string> = {}, extras: { clock?: Clock } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: true,
    return503OnClosing: true,
    // One request id for Fastify, the logs and the error documents: the caller's X-Request-Id when sane.
    genReqId: (req: IncomingMessage) => assignRequestId(req),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(overrides, extras), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.register(fastifyHelmet, {
    // Swagger UI needs inline scripts and styles; the API itself serves JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 10, fields: 30 } });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  // Errors raised by Fastify itself (body parsing, size limits, unknown routes) reach Nest's error and
  // not-found handlers, hence the global HttpErrorFilter: one format for every error.
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  setupSwaggerUi(app, buildOpenApiDocument(app));
  return app;
}

export async function serve(): Promise<void> {
  const app = await createHttpApp();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
  app.get(Logger).log(`Liasse API listening on port ${port} (Swagger UI at /docs)`);
}
