import { applyDecorators, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

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

/** A streamed CSV export (UTF-8) offered as a file named `name`. */
export function csvDownload(reply: FastifyReply, name: string, content: Readable): StreamableFile {
  void reply.header('content-type', 'text/csv; charset=utf-8');
  void reply.header('content-disposition', attachmentDisposition(name));
  return new StreamableFile(content);
}

/** The OpenAPI side of a handler answering with `csvDownload`: a 200 that is a CSV file. */
export function ApiCsvFileResponse(): MethodDecorator {
  return applyDecorators(ApiProduces('text/csv'), ApiOkResponse({ description: 'CSV file', content: { 'text/csv': { schema: { type: 'string' } } } }));
}
