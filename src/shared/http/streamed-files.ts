import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { errorCodes, type FastifyInstance, type FastifyRequest, type onRequestAbortHookHandler, type onSendHookHandler, type preParsingHookHandler, type RouteOptions } from 'fastify';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { FileFieldOutcome, FileFieldSink, JsonFileFieldScanner } from './json-file-fields';

/**
 * Routes that take a file in base64 inside JSON (`{"fichierFacture": "JVBERi0…"}`) read it as it arrives
 * (`@BodyLimit(…, { files })`): the file's bytes are decoded into the file store while the body is
 * received, and only the rest of the document, a few hundred bytes, is parsed as JSON (json-file-fields.ts).
 * Before, a 1 MB PDF was a 1.4 MB string, scanned for `__proto__` keys, parsed, checked by the text rule,
 * decoded, hashed and copied again; the API spent about twice the CPU of the same upload in multipart.
 *
 * The handler finds the files with `@StreamedFilesOf()`; a file it does not take is discarded before the
 * answer is sent. Bodies that are not `application/json` are left to the ordinary path.
 */

export const FILE_FIELDS_KEY = 'liasseFileFields';

export interface FileFieldsOptions {
  /** Top-level members whose string value is a file in base64. */
  fields: readonly string[];
  /** Keep the decoded bytes in memory too (the handler reads them, e.g. a PDF's embedded invoice). */
  keepBytes?: boolean;
}

/** Where received files go: the file store's `receive` (hashing on the way) and `discard`. */
export interface FileReceiver {
  receive(stream: Readable): Promise<unknown>;
  discard(file: unknown): Promise<void>;
}

/** What a file member held: a file received (the handler then owns it), or text that is not base64. */
export type StreamedFile = { kind: 'received'; file: unknown; size: number; content: Buffer | null } | { kind: 'invalid' } | { kind: 'empty' };

interface Entry {
  sink: PassThrough | null;
  receiving: Promise<unknown> | null;
  chunks: Buffer[] | null;
  outcome: FileFieldOutcome | null;
}

/** The files of one request. */
export class StreamedFiles implements FileFieldSink {
  private readonly entries = new Map<string, Entry>();
  private current: Entry | null = null;
  private readonly received = new Map<string, unknown>();
  private readonly abandoned: Promise<void>[] = [];

  constructor(
    private readonly receiver: FileReceiver,
    private readonly keepBytes: boolean,
  ) {}

  /**
   * The file a member held, or undefined when it held none (absent, blank, not a string): the body's
   * value is then read as usual. A received file is the caller's from now on: stored, or discarded.
   */
  take(field: string): StreamedFile | undefined {
    const entry = this.entries.get(field);
    if (!entry?.outcome) return undefined;
    this.entries.delete(field);
    if (entry.outcome.kind === 'invalid') return { kind: 'invalid' };
    if (!this.received.has(field)) return { kind: 'empty' };
    const file = this.received.get(field);
    this.received.delete(field);
    return { kind: 'received', file, size: entry.outcome.size, content: entry.chunks ? Buffer.concat(entry.chunks) : null };
  }

  begin(field: string): void {
    this.drop(field);
    this.current = { sink: null, receiving: null, chunks: this.keepBytes ? [] : null, outcome: null };
    this.entries.set(field, this.current);
  }

  bytes(bytes: Buffer): void {
    const entry = this.current!;
    if (!entry.sink) {
      entry.sink = new PassThrough();
      // `abandon` destroys it with an error, which the store's read sees (it may not be reading yet).
      entry.sink.on('error', () => undefined);
      entry.receiving = this.receiver.receive(entry.sink);
      // Awaited by `settle`; a receive abandoned by `drop` fails on purpose.
      entry.receiving.catch(() => undefined);
    }
    entry.sink.write(bytes);
    entry.chunks?.push(bytes);
  }

  end(field: string, outcome: FileFieldOutcome): void {
    const entry = this.current!;
    this.current = null;
    entry.outcome = outcome;
    if (outcome.kind === 'invalid') this.abandon(entry);
    else entry.sink?.end();
  }

  drop(field: string): void {
    const entry = this.entries.get(field);
    if (!entry) return;
    this.entries.delete(field);
    if (entry === this.current) this.current = null;
    this.abandon(entry);
  }

  /** Waits while the file being received is slower than the body (backpressure). */
  async drained(): Promise<void> {
    const sink = this.current?.sink;
    if (sink?.writableNeedDrain) await once(sink, 'drain');
  }

  /** Once the body is read: every file kept is received in full. */
  async settle(): Promise<void> {
    await Promise.all(this.abandoned);
    for (const [field, entry] of this.entries) {
      if (entry.outcome?.kind === 'decoded' && entry.receiving) this.received.set(field, await entry.receiving);
    }
  }

  /** Discards what the handler did not take (answer sent, or request failed). */
  async discardRest(): Promise<void> {
    const left = [...this.entries.values()];
    this.entries.clear();
    this.received.clear();
    left.forEach((entry) => void this.abandon(entry));
    await Promise.all(this.abandoned);
  }

  /** Drops an entry's file; `settle` and `discardRest` wait until it is gone from the store. */
  private abandon(entry: Entry): Promise<void> {
    entry.chunks = null;
    if (!entry.receiving) return Promise.resolve();
    const receiving = entry.receiving;
    const gone =
      entry.sink && !entry.sink.writableEnded
        ? // The store stops reading and drops what it wrote (FileStore.receive fails).
          (entry.sink.destroy(new Error('file abandoned')), receiving.then(() => undefined, () => undefined))
        : receiving.then((file) => this.receiver.discard(file)).catch(() => undefined);
    this.abandoned.push(gone);
    return gone;
  }
}

const filesOfRequest = new WeakMap<FastifyRequest, StreamedFiles>();

/** The files streamed out of this request's body; empty for a body that was not streamed. */
export const StreamedFilesOf = createParamDecorator((_: unknown, context: ExecutionContext): StreamedFiles | null => {
  return filesOfRequest.get(context.switchToHttp().getRequest<FastifyRequest>()) ?? null;
});

const isJson = (contentType: string | undefined): boolean => contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';

/**
 * Must run before the routes are registered (before `app.init()`): routes with file fields read their
 * JSON bodies through the scanner, after authentication (registerBodyLimits puts it first).
 */
export function registerStreamedFiles(fastify: FastifyInstance, receiver: () => FileReceiver): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const options = (route.config as Record<string, unknown> | undefined)?.[FILE_FIELDS_KEY] as FileFieldsOptions | undefined;
    if (!options) return;
    const fields = new Set(options.fields);
    const readFiles: preParsingHookHandler = async (request, reply, payload) => {
      const declared = Number(request.headers['content-length']);
      const limit = request.routeOptions.bodyLimit ?? Infinity;
      // Not JSON, empty, or over the limit as declared: the ordinary path answers as it always did.
      if (!isJson(request.headers['content-type']) || declared === 0 || declared > limit) return payload;
      const files = new StreamedFiles(receiver(), options.keepBytes === true);
      filesOfRequest.set(request, files);
      const scanner = new JsonFileFieldScanner(fields, files);
      let received = 0;
      try {
        // Not destroyed when left early (as Fastify's own reader): the answer goes out, the rest is dropped.
        for await (const chunk of (payload as Readable).iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
          received += chunk.length;
          // As Fastify does: refused as soon as the body crosses the limit.
          if (received > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
          scanner.write(chunk);
          await files.drained();
        }
        const residual = scanner.end();
        await files.settle();
        // Fastify reads the residual as the body and checks the length received against Content-Length.
        const rest = Readable.from([residual], { objectMode: false }) as Readable & { receivedEncodedLength: number };
        rest.receivedEncodedLength = received;
        return rest;
      } catch (error) {
        await files.discardRest();
        // As Fastify after a body it refused: the client may still be sending.
        void reply.header('connection', 'close');
        // As Fastify's body reader: a failed read (client gone) is the client's doing.
        const failed = error as { statusCode?: number };
        if (!(typeof failed.statusCode === 'number' && failed.statusCode >= 400)) failed.statusCode = 400;
        throw error;
      }
    };
    // Before the answer leaves (onSend runs for errors too): once answered, nothing of the request is left behind.
    const discardRest: onSendHookHandler = async (request, _reply, answer) => {
      await filesOfRequest.get(request)?.discardRest();
      return answer;
    };
    route.preParsing = [...asList(route.preParsing), readFiles];
    route.onSend = [...asList(route.onSend), discardRest];
    const discardOnAbort: onRequestAbortHookHandler = async (request) => {
      await filesOfRequest.get(request)?.discardRest();
    };
    route.onRequestAbort = [...asList(route.onRequestAbort), discardOnAbort];
  });
}

function asList<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}
