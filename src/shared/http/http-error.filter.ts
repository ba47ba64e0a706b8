import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../domain/domain-error';
import { loggableUrl } from '../logging/redaction';
import { assignRequestId } from '../logging/request-id';
import { ErrorFormatterRegistry } from './error-formatter';
import { preferredLanguage } from './language';
import { problemFromDomainError } from './problem-details';
import { toDomainError } from './to-domain-error';

/** The single place where any error becomes an HTTP answer. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly formatters: ErrorFormatterRegistry) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    writeError(exception, request, reply, String(request.id), this.formatters, this.logger);
  }
}

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: unknown;
}

/** An error as its route family writes it: the family's formatter (`/cpro`), else problem+json. */
export function formatError(
  error: DomainError,
  request: { url: string; headers: IncomingHttpHeaders },
  requestId: string,
  formatters: ErrorFormatterRegistry,
): ErrorAnswer {
  const formatter = formatters.find(request.url);
  if (formatter) {
    const out = formatter.format(error, request, requestId);
    return { status: out.status, headers: out.headers ?? {}, contentType: out.contentType, body: out.body };
  }
  const lang = preferredLanguage(request.headers['accept-language']);
  const headers: Record<string, string> = {};
  if ((error.status === 429 || error.status === 503 || error.status === 423) && typeof error.params.retryAfter === 'number') {
    headers['retry-after'] = String(error.params.retryAfter);
  }
  const body = problemFromDomainError(error, lang, request.url.split('?')[0], requestId);
  return { status: error.status, headers, contentType: 'application/problem+json; charset=utf-8', body };
}

export function writeError(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  requestId: string,
  formatters: ErrorFormatterRegistry,
  logger: Logger,
): void {
  const { error, internal } = toDomainError(exception, requestId, request.routeOptions?.bodyLimit);
  if (internal) {
    logger.error({ err: exception, requestId, url: loggableUrl(request.url) }, 'Unhandled error');
  }
  if (reply.sent) return;
  const answer = formatError(error, request, requestId, formatters);
  void reply.status(answer.status).headers(answer.headers).type(answer.contentType).send(answer.body);
}

/**
 * Writes an error on Node's raw response, for answers given before Fastify sees the request (load
 * shedding): the same status and body as `writeError`, with the headers every answer carries.
 */
export function writeRawError(error: DomainError, req: IncomingMessage, res: ServerResponse, formatters: ErrorFormatterRegistry): void {
  const requestId = assignRequestId(req);
  const answer = formatError(error, { url: req.url ?? '/', headers: req.headers }, requestId, formatters);
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}
