import fastifyMultipart from '@fastify/multipart';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from './shared/domain/common.errors';
import { DomainError } from './shared/domain/domain-error';
import { AppModule } from './app.module';
import { allowInlineBlocksOfPages, CSP_DIRECTIVES } from './shared/http/content-security-policy';
import { validateEnvironment } from './config/app.config';
import { AppConfig } from './config/config';
import { buildOpenApiDocument, setupSwaggerUi } from './shared/http/swagger';
import { createValidationPipe } from './shared/http/validation';
import { ErrorFormatterRegistry } from './shared/http/error-formatter';
import { writeError, writeRawError } from './shared/http/http-error.filter';
import { Clock } from './shared/time/clock';
import { MetricsService } from './shared/metrics/metrics.service';
import { assignRequestId } from './shared/logging/request-id';
import { assertValidText } from './shared/http/text-rule';
import { GlobalAuthGuard } from './shared/auth/auth.guard';
import { stopOnSignals } from './shared/lifecycle/graceful-shutdown';
import { BODY_LIMITS, registerBodyLimits } from './shared/http/body-limits';
import { registerStreamedFiles } from './shared/http/streamed-files';
import { ApiInvoices, ApiReceivedFile } from './modules/invoicing/contracts/api-mode';
import { LoadShedder, RETRY_AFTER_SECONDS } from './shared/http/load-shedding';
import { registerIdempotencyFingerprints } from './shared/idempotency/idempotency';

const frameworkLogger = new NestLogger('HttpError');

/** Stands for the controller in the guard's context before parsing: no metadata, so never public. */
class PreParse {
  route(): void {}
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Builds the HTTP application (API role) exactly as production runs it; tests use it too. */
export async function createHttpApp(overrides: Record<string, string> = {}, extras: { clock?: Clock; logStream?: DestinationStream } = {}): Promise<NestFastifyApplication> {
  // The adapter exists before the app; its framework-error hook finds the app's registry once built.
  const built: { app?: NestFastifyApplication } = {};
  const config = new AppConfig(validateEnvironment({ ...process.env, ...overrides }));
  const trustedProxies = config.trustedProxies;
  // In front of Fastify: a refused request must cost next to nothing (load-shedding.ts). What it needs of
  // the app (error formats, metrics, logger) is read once the app exists; no request arrives before.
  const shedding: { formatters?: ErrorFormatterRegistry; metrics?: MetricsService; logger?: Logger } = {};
  const overloaded = new DomainError(CommonErrors.OVERLOADED, { retryAfter: RETRY_AFTER_SECONDS });
  const shedder = new LoadShedder(
    { maxEventLoopDelayMs: config.maxEventLoopDelayMs, maxRequestsInFlight: config.maxRequestsInFlight },
    {
      refuse: (req, res) => writeRawError(overloaded, req, res, shedding.formatters ?? new ErrorFormatterRegistry()),
      shed: (api, reason) => shedding.metrics?.shedRequests.inc({ api, reason }),
      summary: (refused, windowMs) =>
        shedding.logger?.warn({ msg: `Load shedding: ${refused.event_loop_delay + refused.in_flight} requests refused with 503 in the last ${windowMs / 1000} s`, refused, windowMs }),
    },
  );
  const adapter = new FastifyAdapter({
    serverFactory: shedder.serverFactory(),
    // Every route reads at most this; the few that take files in JSON say more with @BodyLimit.
    bodyLimit: BODY_LIMITS.default,
    // request.ip (the rate limits' key) is the socket's address unless the socket is a configured proxy:
    // a client cannot pick its own address, hence its own quota, with X-Forwarded-For.
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    // During the drain Fastify's own 503 is written on the raw socket, past every hook: the access log
    // never saw it. The preParsing hook below answers it instead (see refuseWhileDraining).
    return503OnClosing: false,
    // One request id for Fastify, the logs and the error documents: the caller's X-Request-Id when sane.
    genReqId: (req: IncomingMessage) => assignRequestId(req),
    // Router errors (bad URL encoding, over-long path parameters) never reach Nest: format them here.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      writeError(error, request, reply, String(request.id), built.app?.get(ErrorFormatterRegistry) ?? new ErrorFormatterRegistry(), frameworkLogger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(overrides, extras), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  built.app = app;
  // Before init registers the routes: per-route limits, and authentication before a large body is read.
  const guard = new GlobalAuthGuard(app.get(Reflector));
  registerBodyLimits(app.getHttpAdapter().getInstance(), async (request, reply) => {
    await guard.canActivate(new ExecutionContextHost([request, reply], PreParse, PreParse.prototype.route));
  });
  // Files in base64 inside JSON (deposer/pdf, ajouter/fichier) go to invoicing's file store as they arrive.
  registerStreamedFiles(app.getHttpAdapter().getInstance(), () => {
    const invoices = app.get(ApiInvoices);
    return { receive: (stream) => invoices.receiveFile(stream), discard: (file) => invoices.discardReceivedFile(file as ApiReceivedFile) };
  });
  // A request with an Idempotency-Key has its body hashed as it is read (before the files above are decoded).
  registerIdempotencyFingerprints(app.getHttpAdapter().getInstance());
  app.useLogger(app.get(Logger));
  shedding.formatters = app.get(ErrorFormatterRegistry);
  const metrics = app.get(MetricsService);
  shedding.metrics = metrics;
  shedding.logger = app.get(Logger);
  app.flushLogs();
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 10, fields: 30 } });
  app.useGlobalPipes(createValidationPipe());

  // Errors raised by Fastify itself (body parsing, size limits, unknown routes) reach Nest's error and
  // not-found handlers, hence the global HttpErrorFilter: one format for every error.
  const fastify = app.getHttpAdapter().getInstance();
  // Security headers from helmet, built once (@fastify/helmet rebuilt the middleware, CSP parsing
  // included, on every request).
  // No 'unsafe-inline': HTML pages get the hashes of their own inline blocks (content-security-policy.ts).
  const securityHeaders = helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  // Invalid text (NUL, C0 controls but tab/LF/CR, lone surrogates) is refused before guards, pipes,
  // handlers and the /cpro readers see it: route parameters, query values and parsed bodies (JSON, form),
  // on /api and /cpro alike (architecture D1). Multipart forms are read through formParts, same rule.
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      assertValidText(request.params);
      assertValidText(request.query);
      if (request.body !== undefined) assertValidText(request.body);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  allowInlineBlocksOfPages(fastify);
  refuseWhileDraining(fastify);
  fastify.decorate('loadShedder', shedder);
  fastify.addHook('onClose', (_instance, done) => {
    shedder.stop();
    done();
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  setupSwaggerUi(app, buildOpenApiDocument(app));
  return app;
}

/**
 * Once the server closes (SIGTERM), a request still reaching it (pipelined, or on a busy keep-alive
 * connection) is answered 503 COMMON.SERVICE_UNAVAILABLE in the usual error format, with Connection: close
 * (Fastify adds it while closing). A preParsing hook because it runs after the Nest middleware, the access
 * log included, which then logs the 503 like any answer; and before the body is read or a handler runs.
 */
function refuseWhileDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('preParsing', (_request, reply, payload, done) => {
    if (!draining) return done(null, payload);
    void reply.header('retry-after', '1');
    done(new DomainError(CommonErrors.SERVICE_UNAVAILABLE));
  });
}

export async function serve(): Promise<void> {
  const app = await createHttpApp();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
  stopOnSignals(app, app.get(Logger), app.get(AppConfig).shutdownGraceMs, 'Liasse API');
  app.get(Logger).log(`Liasse API listening on port ${port} (Swagger UI at /docs)`);
}
