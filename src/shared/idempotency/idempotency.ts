import { applyDecorators, CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pipeline, Readable, Transform } from 'node:stream';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import type { Actor } from '../auth/actor';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { BodyFingerprint, requestFingerprint } from './fingerprint';
import { IdempotencyStore, StoredAnswer } from './idempotency-store';

/**
 * `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header, as Stripe serves it): a creating POST sent
 * with a key runs once per caller and key; a retry of the same request (method, route, parameters, body
 * bytes) within 24 h gets the first answer again, marked `Idempotent-Replayed: true`, without running.
 * Same key, other request: 409 IDEMPOTENCY_KEY_REUSED. Same key while the first request still runs: 409
 * IDEMPOTENCY_KEY_IN_PROGRESS (no waiting). Only successful answers (2xx) are kept: a refused request wrote
 * nothing (its transaction rolled back), so its key is released and a corrected retry may use it again.
 * docs/api-guide.md ("Retrying safely") is the client's view; architecture D26 the decisions.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:~+/=-]{1,255}$';
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** Headers of the first answer that a replay repeats (the others, request id included, are the replay's own). */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-location', 'link', 'etag'];
/** A multipart body read to compare it with the first one is hashed up to this size, then taken as different. */
const MAX_COMPARED_BODY = 64 * 1024 * 1024;

const fingerprints = new WeakMap<FastifyRequest, BodyFingerprint>();

const isMultipart = (request: FastifyRequest): boolean => /^multipart\//i.test(request.headers['content-type'] ?? '');

/** The key of a request: null without the header; refused (400) when malformed. A structured-field string's quotes are accepted. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = typeof header === 'string' ? header.trim().replace(/^"(.*)"$/, '$1') : '';
  if (!KEY.test(value)) throw new DomainError(CommonErrors.IDEMPOTENCY_KEY_INVALID, {}, IDEMPOTENCY_KEY_HEADER);
  return value;
}

/** Whose key it is: keys of two callers never meet. */
export function idempotencyScopeOf(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : `client:${actor.oauthClientId}:account:${actor.technicalAccountId}`;
}

/**
 * Must run before the routes are registered: a request with a key has its body hashed as Fastify reads it
 * (a JSON body, the streamed deposit routes' included: the hash is taken before json-file-fields.ts decodes
 * the files). A multipart body is read by the handler from the raw request: `tapMultipartBody` hashes it there.
 */
export function registerIdempotencyFingerprints(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (request.headers['idempotency-key'] === undefined) return payload;
    const fingerprint = BodyFingerprint.forContentType(request.headers['content-type']);
    fingerprints.set(request, fingerprint);
    if (isMultipart(request)) return payload;
    const tapped = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        fingerprint.update(chunk);
        done(null, chunk);
      },
    });
    // A body cut short (client gone) fails the tapped stream, which Fastify's reader reports as before.
    pipeline(payload, tapped, () => undefined);
    return tapped;
  });
}

/** Called just before a multipart body is parsed (shared/http/multipart.ts): its bytes are hashed as the parser reads them. */
export function tapMultipartBody(request: FastifyRequest): void {
  const fingerprint = fingerprints.get(request);
  // Same tick as the parser's pipe: both listeners see every chunk.
  if (fingerprint) request.raw.on('data', (chunk: Buffer) => fingerprint.update(chunk));
}

/**
 * Marks a creating POST: `Idempotency-Key` is honoured and documented on it. test/e2e/idempotency checks
 * that every authenticated POST answering 201 or 202 carries it.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes a retry safe: the same request with the same key within 24 h gets the first answer again (header Idempotent-Replayed: true) ' +
        'and is not run twice. 1–255 characters among A-Z a-z 0-9 - _ . : ~ + / = (a UUID is a good key). ' +
        'The same key with another request: 409 COMMON.IDEMPOTENCY_KEY_REUSED; while the first request runs: 409 COMMON.IDEMPOTENCY_KEY_IN_PROGRESS.',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN, maxLength: 255, example: '5f1c2d3e-8a9b-4c0d-9e1f-2a3b4c5d6e7f' },
    }),
  );

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    if (key === null || !request.user) return next.handle();
    const scope = idempotencyScopeOf(request.user);
    const requestHash = requestFingerprint(request.method, request.routeOptions.url ?? request.url, request.params, request.query);
    const fingerprint = fingerprints.get(request) ?? new BodyFingerprint();
    // A multipart body is still unread: its hash is known once the handler read it (or to compare, below).
    const multipart = isMultipart(request);
    const bodyHash = multipart ? null : fingerprint.digest();
    // Twice at most: a key released between our claim and our read is free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.store.claim(scope, key, requestHash, bodyHash)) return this.runFirst(next, context.switchToHttp().getResponse<FastifyReply>(), scope, key, multipart ? fingerprint : null);
      const row = await this.store.find(scope, key);
      if (!row) continue;
      const reused = new DomainError(CommonErrors.IDEMPOTENCY_KEY_REUSED, { key }, IDEMPOTENCY_KEY_HEADER);
      if (row.requestHash !== requestHash || (!multipart && row.bodyHash !== null && row.bodyHash !== bodyHash)) throw reused;
      if (!row.answer) throw new DomainError(CommonErrors.IDEMPOTENCY_KEY_IN_PROGRESS, { key }, IDEMPOTENCY_KEY_HEADER);
      // Kept under a JWT_SECRET since rotated: the first answer is lost, and running again could write twice.
      if (row.answer === 'unreadable') throw reused;
      if (multipart && row.bodyHash !== (await hashUnreadBody(request.raw, fingerprint))) throw reused;
      return of(replay(context.switchToHttp().getResponse<FastifyReply>(), row.answer));
    }
    throw new DomainError(CommonErrors.IDEMPOTENCY_KEY_IN_PROGRESS, { key }, IDEMPOTENCY_KEY_HEADER);
  }

  /**
   * The first request with this key. Its answer is recorded as soon as the handler returns, before it is
   * sent: a client that saw it can rely on a replay. The write committed first, in its own transaction: a
   * process killed between the two leaves the key held until its lease ends, then a retry runs again
   * (architecture D26; /cpro deposits are then caught as duplicate content).
   */
  private runFirst(next: CallHandler, reply: FastifyReply, scope: string, key: string, multipart: BodyFingerprint | null): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => from(this.store.release(scope, key).then(() => Promise.reject(error)))),
      mergeMap(async (result: unknown) => {
        const answer = answerOf(reply, result);
        try {
          if (answer) await this.store.complete(scope, key, multipart?.digest() ?? null, answer);
          else await this.store.release(scope, key);
        } catch (error) {
          // The write is done: the caller gets its answer; a retry after the lease would run again.
          this.logger.error({ err: error, scope }, 'idempotent answer not recorded');
        }
        return result;
      }),
    );
  }
}

/** What a replay must repeat; null for an answer that cannot be kept (a file stream, a failure status). */
function answerOf(reply: FastifyReply, result: unknown): StoredAnswer | null {
  if (reply.statusCode < 200 || reply.statusCode > 299) return null;
  if (result instanceof StreamableFile || result instanceof Readable || Buffer.isBuffer(result)) return null;
  const body = result === undefined || result === null ? null : typeof result === 'string' ? result : JSON.stringify(result);
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  if (body !== null && typeof result !== 'string' && !headers['content-type']) headers['content-type'] = 'application/json; charset=utf-8';
  return { status: reply.statusCode, headers, body };
}

function replay(reply: FastifyReply, answer: StoredAnswer): string | undefined {
  void reply.headers({ ...answer.headers, [IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]: 'true' });
  void reply.status(answer.status);
  return answer.body ?? undefined;
}

/** A multipart retry's body, hashed as it is read and dropped (never kept). */
async function hashUnreadBody(raw: Readable, fingerprint: BodyFingerprint): Promise<string> {
  let read = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    read += chunk.length;
    if (read > MAX_COMPARED_BODY) return 'too-large';
    fingerprint.update(chunk);
  }
  return fingerprint.digest();
}

/**
 * OpenAPI: an operation that takes `Idempotency-Key` lists its refusals with the route's own (400 for a
 * malformed key, 409 for a reused or busy one), in the route's error format. Called by the document builder.
 */
export function documentIdempotencyAnswers(operation: Record<string, unknown>): void {
  const parameters = (operation.parameters ?? []) as Array<{ in?: string; name?: string }>;
  if (!parameters.some((p) => p.in === 'header' && p.name === IDEMPOTENCY_KEY_HEADER)) return;
  const responses = operation.responses as Record<string, { description?: string; content?: unknown }>;
  // The route's error format: that of an error it documents already, else problem+json (every /cpro route documents its 400).
  const format =
    Object.entries(responses).find(([status, r]) => Number(status) >= 400 && r.content)?.[1].content ??
    ({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } } as const);
  const add = (status: string, codes: string[]): void => {
    const existing = responses[status];
    if (existing) existing.description = `${existing.description ?? ''}; Idempotency-Key: ${codes.join(', ')}`.replace(/^; /, '');
    else responses[status] = { description: `Idempotency-Key: ${codes.join(', ')}`, content: format };
  };
  add('400', [CommonErrors.IDEMPOTENCY_KEY_INVALID.code]);
  add('409', [CommonErrors.IDEMPOTENCY_KEY_REUSED.code, CommonErrors.IDEMPOTENCY_KEY_IN_PROGRESS.code]);
}
