/**
 * Reads `code` / `message` from a caught value by shape, not `instanceof`: errors raised inside Node
 * internals (zlib) come from another realm under Jest and in worker threads, where `instanceof` fails.
 */

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}
