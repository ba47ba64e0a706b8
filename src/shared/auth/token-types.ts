/**
 * `typ` of the JWT header of user access tokens (accounts) and of OAuth client tokens (connections). The
 * global guard hands a token to the one strategy of its type (`strategiesFor` in auth.guard.ts).
 */
export const USER_TOKEN_TYPE = 'at+jwt';
export const CLIENT_TOKEN_TYPE = 'client+jwt';

/**
 * The `exp` of the bearer JWT of a request the global guard has already verified (so its payload is read,
 * not checked again), or null when there is none.
 */
export function bearerTokenExpiry(authorization: unknown): Date | null {
  const match = typeof authorization === 'string' ? /^Bearer\s+[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\./i.exec(authorization) : null;
  if (!match) return null;
  try {
    const exp = (JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}
