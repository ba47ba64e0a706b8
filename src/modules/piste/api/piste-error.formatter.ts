import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../../shared/domain/domain-error';
import { ErrorFormatter } from '../../../shared/http/error-formatter';
import { preferredLanguage } from '../../../shared/http/language';
import { normaliseRequestPath } from '../../../shared/http/request-path';
import { returnCodeOf } from '../domain/return-codes';

/** Codes that mean "bad technical account" and carry PISTE's exact WWW-Authenticate challenge. */
const ACCOUNT_REFUSALS = new Set(['CONNECTIONS.TECHNICAL_ACCOUNT_REFUSED', 'CONNECTIONS.CPRO_ACCOUNT_MISSING']);
export const ACCOUNT_CHALLENGE = 'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"';
const TOKEN_CHALLENGE = 'Bearer realm="PISTE",error="invalid_token",error_description="missing, invalid or expired token"';

/** Statuses kept as they are on /cpro; every other (business) error answers 400, as PISTE clients expect. */
const KEPT = new Set([401, 403, 404, 413, 415, 429, 500, 503]);
/** Idempotency-Key refusals keep their 409: only clients that send the header (not PISTE's) meet them. */
const KEPT_CODES = new Set(['COMMON.IDEMPOTENCY_KEY_REUSED', 'COMMON.IDEMPOTENCY_KEY_IN_PROGRESS']);

/**
 * `/cpro` errors: `{codeRetour, libelle}` (+ our stable code and the field) with HTTP 400 for business
 * errors, 401/403 for authentication and API groups.
 */
export class PisteErrorFormatter implements ErrorFormatter {
  /** On the normalised path: `/%63pro/...` reaches a /cpro route, so its errors are /cpro errors. */
  matches(url: string): boolean {
    const path = normaliseRequestPath(url);
    return path === '/cpro' || path?.startsWith('/cpro/') === true;
  }

  format(error: DomainError, request: { headers: IncomingHttpHeaders }, requestId: string) {
    const lang = preferredLanguage(request.headers['accept-language']);
    const status = error.code === 'COMMON.ROUTE_NOT_FOUND' ? 404 : KEPT.has(error.status) || KEPT_CODES.has(error.code) ? error.status : 400;
    const headers: Record<string, string> = {};
    if (status === 401) headers['www-authenticate'] = ACCOUNT_REFUSALS.has(error.code) ? ACCOUNT_CHALLENGE : TOKEN_CHALLENGE;
    if ((status === 429 || status === 503) && typeof error.params.retryAfter === 'number') headers['retry-after'] = String(error.params.retryAfter);
    const body: Record<string, unknown> = {
      codeRetour: returnCodeOf(error.code),
      libelle: error.localized(lang),
      codeErreur: error.code,
      requestId,
    };
    if (error.field) body.champ = error.field;
    if (error.issues.length > 0) body.erreurs = error.issues.map((i) => ({ champ: i.field, libelle: i.message[lang] }));
    return { status, body, headers, contentType: 'application/json; charset=utf-8' };
  }
}
