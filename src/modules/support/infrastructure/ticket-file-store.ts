import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { SupportErrors } from '../domain/support.errors';
import { TicketFile } from '../domain/ticket-file.entity';

export const TICKET_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const TICKET_FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'application/zip'] as const;
export type TicketFileType = (typeof TICKET_FILE_TYPES)[number];

/** The type a file really is, from its first bytes (never from its name or the declared type). */
export function sniffTicketFileType(content: Buffer): TicketFileType | null {
  const head = (n: number): string => content.subarray(0, n).toString('latin1');
  if (content.length >= 5 && head(5) === '%PDF-') return 'application/pdf';
  if (content.length >= 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.length >= 6 && (head(6) === 'GIF87a' || head(6) === 'GIF89a')) return 'image/gif';
  if (content.length >= 4 && head(4) === 'PK\x03\x04') return 'application/zip';
  return null;
}

export interface IncomingTicketFile {
  fileName: string;
  content: Buffer;
}

/** Ticket files in PostgreSQL (bytea + SHA-256), checked for size and real type before anything is written. */
@Injectable()
export class TicketFileStore {
  constructor(private readonly clock: Clock) {}

  store(em: EntityManager, ticketId: string, file: IncomingTicketFile, uploadedBy: string | null): TicketFile {
    if (file.content.length === 0) throw new DomainError(SupportErrors.FILE_REQUIRED, {}, 'file');
    if (file.content.length > TICKET_FILE_MAX_BYTES) throw new DomainError(SupportErrors.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
    const mediaType = sniffTicketFileType(file.content);
    if (!mediaType) throw new DomainError(SupportErrors.FILE_TYPE_NOT_ALLOWED, { allowed: 'PDF, PNG, JPEG, GIF, ZIP' }, 'file');
    const stored = new TicketFile({
      ticketId,
      content: file.content,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      mediaType,
      fileName: sanitiseFileName(file.fileName),
      uploadedBy,
      now: this.clock.now(),
    });
    em.persist(stored);
    return stored;
  }

  read(em: EntityManager, ticketId: string, fileId: string): Promise<TicketFile | null> {
    return em.findOne(TicketFile, { id: fileId, ticketId }, { populate: ['content'] });
  }
}

function sanitiseFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/[\p{C}"]/gu, '').trim();
  return (base || 'fichier').slice(0, 255);
}
