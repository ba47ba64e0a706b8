import { applyDecorators, Logger, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';

/** RFC 6266 Content-Disposition: an ASCII fallback name plus the exact UTF-8 name. */
export function attachmentDisposition(name: string): string {
  return `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export interface DownloadableFile {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** Sets the download headers (type, length, name, SHA-256 for integrity checks) and streams the file. */
export function fileDownload(reply: FastifyReply, file: DownloadableFile, content: Readable): StreamableFile {
  void reply.header('content-type', file.mediaType);
  void reply.header('content-length', String(file.size));
  void reply.header('content-disposition', attachmentDisposition(file.fileName));
  void reply.header('x-content-sha256', file.sha256);
  return new StreamableFile(content);
}

const exportLogger = new Logger('CsvExport');

/**
 * Chunks an export reads before its first byte is sent: the header line, then the first batch of rows, so
 * that the query has run. A failure there (a filter the database refuses, an outage) is still an ordinary
 * error answer (400, 503…), not a 200 cut short.
 */
export const CHUNKS_READ_BEFORE_SENDING = 2;

/**
 * `content` with its first `ahead` chunks already read (a failure there rejects), and any later failure
 * logged at error level with the request id before the stream errors: the status line is gone by then,
 * so the connection is cut (the client sees an incomplete body, never a complete-looking truncated file).
 */
export async function startedStream(content: Readable, context: { requestId: string; name: string }, ahead = CHUNKS_READ_BEFORE_SENDING): Promise<Readable> {
  const source = content[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const close = async (): Promise<void> => {
    await source.return?.().catch(() => undefined);
  };
  const first: unknown[] = [];
  let done = false;
  try {
    while (first.length < ahead && !done) {
      const next = await source.next();
      if (next.done) done = true;
      else first.push(next.value);
    }
  } catch (error) {
    await close();
    throw error;
  }
  let closed = false;
  return new Readable({
    objectMode: true,
    read() {
      if (first.length > 0) {
        this.push(first.shift());
        return;
      }
      if (done) {
        this.push(null);
        return;
      }
      source.next().then(
        (next) => {
          if (next.done) {
            done = true;
            this.push(null);
          } else this.push(next.value);
        },
        (error: unknown) => {
          if (closed) return;
          exportLogger.error({ err: error, requestId: context.requestId, file: context.name }, 'Export failed after its first bytes: connection cut');
          this.destroy(error as Error);
        },
      );
    },
    destroy(error: Error | null, callback: (error?: Error | null) => void) {
      // The client went away, or the source failed: close the source (its cursor, its connection).
      closed = true;
      if (done) callback(error);
      else void close().then(() => callback(error));
    },
  });
}

/**
 * A streamed CSV export (UTF-8) offered as a file named `name`: its query has run before the first byte
 * (`startedStream`), and a failure after it is logged and cuts the connection.
 */
export async function csvDownload(reply: FastifyReply, name: string, content: Readable): Promise<StreamableFile> {
  const stream = await startedStream(content, { requestId: String(reply.request.id), name });
  void reply.header('content-type', 'text/csv; charset=utf-8');
  void reply.header('content-disposition', attachmentDisposition(name));
  return new StreamableFile(stream);
}

/** The OpenAPI side of a handler answering with `csvDownload`: a 200 that is a CSV file. */
export function ApiCsvFileResponse(): MethodDecorator {
  return applyDecorators(ApiProduces('text/csv'), ApiOkResponse({ description: 'CSV file', content: { 'text/csv': { schema: { type: 'string' } } } }));
}
