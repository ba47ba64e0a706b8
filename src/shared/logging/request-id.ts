import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SANE = /^[A-Za-z0-9._-]{8,128}$/;
const KEY = Symbol('liasse:request-id');

/** The request's id, decided once (Fastify asks first, the logger second): the caller's X-Request-Id or a UUID. */
export function assignRequestId(req: IncomingMessage): string {
  const holder = req as IncomingMessage & { [KEY]?: string };
  if (!holder[KEY]) {
    const given = req.headers['x-request-id'];
    holder[KEY] = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
  }
  return holder[KEY];
}
