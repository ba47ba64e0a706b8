import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DomainError } from '../../../shared/domain/domain-error';
import { sanitiseFileName } from '../../../shared/files/file-name';
import { FileStore } from '../../../shared/files/file-store';
import { sniffMediaType } from '../../../shared/files/media-type';
import { Clock } from '../../../shared/time/clock';
import { SupportErrors } from '../domain/support.errors';
import { TicketFile } from '../domain/ticket-file.entity';

export const TICKET_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const TICKET_FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'application/zip'] as const;
export type TicketFileType = (typeof TICKET_FILE_TYPES)[number];

export interface IncomingTicketFile {
  fileName: string;
  content: Buffer;
}

/** Ticket files: checked for size and real type before anything is written, their bytes in the shared FileStore. */
@Injectable()
export class TicketFileStore {
  constructor(
    private readonly bytes: FileStore,
    private readonly clock: Clock,
  ) {}

  /** Stores the bytes and adds the ticket file's row to the caller's transaction (`em` must be in one). */
  async store(em: EntityManager, ticketId: string, file: IncomingTicketFile, uploadedBy: string | null): Promise<TicketFile> {
    if (file.content.length === 0) throw new DomainError(SupportErrors.FILE_REQUIRED, {}, 'file');
    if (file.content.length > TICKET_FILE_MAX_BYTES) throw new DomainError(SupportErrors.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
    const mediaType = sniffMediaType(file.content);
    if (!mediaType || !(TICKET_FILE_TYPES as readonly string[]).includes(mediaType)) {
      throw new DomainError(SupportErrors.FILE_TYPE_NOT_ALLOWED, { allowed: 'PDF, PNG, JPEG, GIF, ZIP' }, 'file');
    }
    const now = this.clock.now();
    const stored = new TicketFile({
      ticketId,
      storeKey: await this.bytes.put(em, file.content, now),
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      mediaType,
      fileName: sanitiseFileName(file.fileName),
      uploadedBy,
      now,
    });
    em.persist(stored);
    return stored;
  }

  /** A ticket's file and its bytes as a stream, read from the store as they are sent; null when either is gone. */
  async open(em: EntityManager, ticketId: string, fileId: string): Promise<{ file: TicketFile; stream: Readable } | null> {
    const file = await em.findOne(TicketFile, { id: fileId, ticketId });
    if (!file) return null;
    const stream = await this.bytes.open(file.storeKey);
    return stream ? { file, stream } : null;
  }
}
