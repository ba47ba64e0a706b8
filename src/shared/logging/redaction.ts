/** Secrets never reach the logs: credentials in headers and the usual secret-bearing body fields. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["cpro-account"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordConfirmation',
  '*.secretAnswer',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.client_secret',
  '*.clientSecret',
];

/**
 * Path segments that are bearer secrets: the password-reset link's token travels in the route
 * (`/api/v1/password-resets/:token`), and would otherwise be written, live, to every access and error log.
 */
const SECRET_PATH_SEGMENTS = /(\/password-resets\/)[^/?#]+/gi;

/** A request URL as logs may show it: no query string, and no secret path segment. */
export function loggableUrl(url: string | undefined): string | undefined {
  return url?.split('?')[0]?.replace(SECRET_PATH_SEGMENTS, '$1[redacted]');
}
