import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler, RouteOptions } from 'fastify';
import { FILE_FIELDS_KEY, FileFieldsOptions } from './streamed-files';

const MiB = 1024 * 1024;

/**
 * Request body limits, enforced by Fastify while it reads the body, before anything parses it: a declared
 * `Content-Length` over the limit is refused without reading a byte, a chunked body as soon as it
 * crosses the limit. 413 COMMON.PAYLOAD_TOO_LARGE (problem+json on /api, `{codeRetour, libelle}` on /cpro).
 */
export const BODY_LIMITS = {
  /** Every JSON route unless it says otherwise (also unknown routes). */
  default: 1 * MiB,
  /** An invoice typed in full: up to 1,000 lines of 500-character descriptions. */
  invoice: 4 * MiB,
  /** One file in base64 inside JSON: 10 MB decoded is 13.4 MB encoded (deposer/pdf, ajouter/fichier). */
  file: 15 * MiB,
  /** A flow in base64 inside JSON: 120 MB decoded (deposer/flux). */
  flow: 170 * MiB,
} as const;

const CONFIG_KEY = 'liasseBodyLimit';

/**
 * Raises (or lowers) one route's body limit above `BODY_LIMITS.default`. A route whose limit is above the
 * default is authenticated before its body is read (`registerBodyLimits`): an anonymous caller cannot
 * make the server receive or parse more than the default. With `files`, the named members of a JSON body
 * are files in base64, decoded into the file store as they arrive (`registerStreamedFiles`).
 */
export const BodyLimit = (bytes: number, options: { files?: FileFieldsOptions } = {}): MethodDecorator =>
  // One RouteConfig (a second one would replace the first): the limit, and the file fields read as they
  // arrive (streamed-files.ts).
  applyDecorators(RouteConfig({ [CONFIG_KEY]: bytes, ...(options.files ? { [FILE_FIELDS_KEY]: options.files } : {}) }));

/** Runs the application's authentication on a request whose body has not been read yet; throws when refused. */
export type PreParseAuthentication = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Must run before the routes are registered (before `app.init()`): gives each route its `bodyLimit`
 * from `@BodyLimit`, and to each route allowed more than the default a `preParsing` hook that
 * authenticates the caller first.
 */
export function registerBodyLimits(fastify: FastifyInstance, authenticate: PreParseAuthentication): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const wanted = (route.config as Record<string, unknown> | undefined)?.[CONFIG_KEY];
    if (typeof wanted !== 'number') return; // the server's limit (BODY_LIMITS.default) applies
    route.bodyLimit = wanted;
    if (wanted <= BODY_LIMITS.default) return;
    const authenticateFirst: preParsingHookHandler = async (request, reply, payload) => {
      await authenticate(request, reply);
      return payload;
    };
    const existing = route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
    route.preParsing = [authenticateFirst, ...existing];
  });
}

/** "1 Mo", "170 Mo": for the PAYLOAD_TOO_LARGE message. */
export function describeLimit(bytes: number | undefined): string {
  if (!bytes) return '—';
  return bytes % MiB === 0 ? `${bytes / MiB} Mo` : `${Math.ceil(bytes / 1024)} Ko`;
}
