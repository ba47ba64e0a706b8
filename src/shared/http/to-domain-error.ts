import { HttpException } from '@nestjs/common';
import { CommonErrors, InternalErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { describeLimit } from './body-limits';

/**
 * Turns whatever was thrown into a DomainError, so both error formats (problem+json for /api, the PISTE
 * envelope for /cpro) work from one shape. Returns `internal: true` for what the client could not cause.
 */
export function toDomainError(exception: unknown, requestId: string, bodyLimit?: number): { error: DomainError; internal: boolean } {
  if (exception instanceof DomainError) return { error: exception, internal: false };

  const fastifyCode = (exception as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
    const mapped = fromFastifyCode(fastifyCode, exception as Error, bodyLimit);
    if (mapped) return { error: mapped, internal: false };
  }

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    switch (status) {
      case 400:
        return { error: new DomainError(CommonErrors.MALFORMED_BODY, { reason: exception.message }), internal: false };
      case 401:
        return { error: new DomainError(CommonErrors.UNAUTHENTICATED), internal: false };
      case 403:
        return { error: new DomainError(CommonErrors.FORBIDDEN), internal: false };
      case 404:
        return { error: new DomainError(CommonErrors.ROUTE_NOT_FOUND), internal: false };
      case 413:
        return { error: new DomainError(CommonErrors.PAYLOAD_TOO_LARGE, { limit: describeLimit(bodyLimit) }), internal: false };
      case 415:
        return { error: new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE), internal: false };
      case 429:
        return { error: new DomainError(CommonErrors.TOO_MANY_REQUESTS, { retryAfter: 60 }), internal: false };
      case 503:
        return { error: new DomainError(CommonErrors.SERVICE_UNAVAILABLE), internal: false };
      default:
        break;
    }
  }
  if (isMalformedMultipart(exception)) {
    return { error: new DomainError(CommonErrors.MALFORMED_BODY, { reason: 'multipart' }), internal: false };
  }
  if (isDatabaseDown(exception)) return { error: new DomainError(CommonErrors.SERVICE_UNAVAILABLE), internal: true };
  // Data the database refused (22xxx: invalid text, value out of range, bad date…): the client's input,
  // so a 400, but logged as an error, since the edge should have refused it first.
  if (isDataException(exception)) return { error: new DomainError(CommonErrors.VALIDATION_FAILED), internal: true };
  return { error: new DomainError(InternalErrors.INTERNAL_ERROR, { requestId }), internal: true };
}

function fromFastifyCode(code: string, exception: Error, bodyLimit: number | undefined): DomainError | undefined {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_MP_PREMATURE_CLOSE':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new DomainError(CommonErrors.MALFORMED_BODY, { reason: exception.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError(CommonErrors.PAYLOAD_TOO_LARGE, { limit: describeLimit(bodyLimit) });
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new DomainError(CommonErrors.PAYLOAD_TOO_LARGE, { limit: '—' });
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new DomainError(CommonErrors.MALFORMED_URL);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    default:
      return undefined;
  }
}

/**
 * What the multipart parser (busboy, under @fastify/multipart) throws on a body that is not a well-formed
 * form: cut short ("Part terminated early…", "Unexpected end of multipart data"), no or an over-long
 * boundary, no usable content type. It raises plain Errors, hence the messages; all are the client's doing.
 */
const MULTIPART_MESSAGES = [
  /terminated early due to unexpected end of multipart data$/,
  /^Unexpected end of (multipart data|form)$/,
  /^Multipart: Boundary not found$/,
  /^The needle cannot (have a length bigger than 256|be an empty String\/Buffer)\.$/,
  /^Malformed part header$/,
  /^Missing Content-Type-header\.$/,
  /^Unsupported Content-Type\.$/,
];

export function isMalformedMultipart(exception: unknown): boolean {
  if (!(exception instanceof Error) || (exception as { code?: unknown }).code !== undefined) return false;
  return MULTIPART_MESSAGES.some((pattern) => pattern.test(exception.message));
}

/**
 * Codes of node-postgres/MikroORM errors that mean the database could not be reached or used: the server
 * refused or dropped the connection, is shutting down or starting, has no connection slot left.
 * Class 08 only for its connection failures: 08P01 (protocol violation) is what PostgreSQL answers to a
 * NUL byte in a statement, on a healthy connection; it is no outage.
 */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);

/**
 * node-postgres and tarn/knex say so in their messages, without a code; MikroORM prefixes the query
 * (`select … - Connection terminated unexpectedly`), so the driver's message is matched at the end.
 */
const AFTER_QUERY = String.raw`(?:^|\s-\s)`;
const DATABASE_DOWN_MESSAGES = [
  new RegExp(`${AFTER_QUERY}Connection terminated( unexpectedly| due to connection timeout)?$`),
  new RegExp(`${AFTER_QUERY}timeout exceeded when trying to connect$`),
  new RegExp(`${AFTER_QUERY}Client has encountered a connection error and is not queryable$`),
  /^Knex: Timeout acquiring a connection/,
];

/** Connection-level failures of PostgreSQL: answer 503 fast rather than a 500; nothing else is an outage. */
export function isDatabaseDown(exception: unknown): boolean {
  if (exception === null || typeof exception !== 'object') return false;
  const { code, message, name } = exception as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string') return DATABASE_DOWN_CODES.has(code);
  if (name === 'ConnectionException' || name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && DATABASE_DOWN_MESSAGES.some((pattern) => pattern.test(message));
}

/** PostgreSQL class 22, data exception (SQLSTATE is five characters: not a Node `E…` code). */
function isDataException(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
