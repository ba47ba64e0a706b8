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
