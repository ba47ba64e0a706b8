import { HttpException } from '@nestjs/common';
import { CommonErrors, InternalErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';

/**
 * Turns whatever was thrown into a DomainError, so both error formats (problem+json for /api, the PISTE
 * envelope for /cpro) work from one shape. Returns `internal: true` for what the client could not cause.
 */
export function toDomainError(exception: unknown, requestId: string): { error: DomainError; internal: boolean } {
  if (exception instanceof DomainError) return { error: exception, internal: false };

  const fastifyCode = (exception as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
    const mapped = fromFastifyCode(fastifyCode, exception as Error);
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
        return { error: new DomainError(CommonErrors.PAYLOAD_TOO_LARGE, { limit: '—' }), internal: false };
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
  if (isDatabaseDown(exception)) return { error: new DomainError(CommonErrors.SERVICE_UNAVAILABLE), internal: true };
  return { error: new DomainError(InternalErrors.INTERNAL_ERROR, { requestId }), internal: true };
}

function fromFastifyCode(code: string, exception: Error): DomainError | undefined {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError(CommonErrors.MALFORMED_BODY, { reason: exception.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
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

/** Connection-level failures of PostgreSQL: answer 503 fast rather than a 500. */
function isDatabaseDown(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code) ||
      code.startsWith('08'))
  );
}
