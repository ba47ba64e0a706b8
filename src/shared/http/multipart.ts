import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { assertValidText } from './text-rule';
import { tapMultipartBody } from '../idempotency/idempotency';

type PartsOptions = Parameters<FastifyRequest['parts']>[0];

/**
 * The parts of a multipart form, as `request.parts()` gives them, with the text rule of the JSON bodies
 * applied to what we read as text: field names and values, and file names (stored and shown). Parsing
 * errors (a body cut short, no boundary) become 400 COMMON.MALFORMED_BODY in the error filter.
 */
export async function* formParts(request: FastifyRequest, options?: PartsOptions): AsyncGenerator<Multipart> {
  // An Idempotency-Key's fingerprint reads the body along with the parser.
  tapMultipartBody(request);
  for await (const part of request.parts(options)) {
    assertValidText(part.fieldname, 'body');
    if (part.type === 'file') assertValidText(part.filename, part.fieldname);
    else assertValidText(part.value, part.fieldname);
    yield part;
  }
}
