import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
    logger.error({ err: exception, requestId, url: request.url }, 'Unhandled error');
  }
  if (reply.sent) return;
  const formatter = formatters.find(request.url);
  if (formatter) {
    const out = formatter.format(error, request, requestId);
    void reply
      .status(out.status)
      .headers(out.headers ?? {})
      .type(out.contentType)
      .send(out.body);
    return;
  }
  const lang = preferredLanguage(request.headers['accept-language']);
  const problem = problemFromDomainError(error, lang, request.url.split('?')[0], requestId);
  if ((error.status === 429 || error.status === 503) && typeof error.params.retryAfter === 'number') {
    void reply.header('retry-after', String(error.params.retryAfter));
  }
  void reply.status(error.status).type('application/problem+json; charset=utf-8').send(problem);
}
