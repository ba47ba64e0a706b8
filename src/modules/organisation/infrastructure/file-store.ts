import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { OrganisationErrors } from '../domain/organisation.errors';
import { StoredFile } from '../domain/stored-file.entity';

export type AllowedMediaType = 'application/pdf' | 'image/png' | 'image/jpeg';

/** The type a file really is, from its first bytes (never from its name or the declared type). */
export function sniffMediaType(content: Buffer): AllowedMediaType | null {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length >= 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  return null;
}

export interface IncomingFile {
  fileName: string;
  content: Buffer;
}

/**
 * Files of the organisation context, kept in PostgreSQL (bytea + SHA-256). Checks size and real type
 * before anything is written; an S3 adapter can replace it behind the same methods.
 */
@Injectable()
export class FileStore {
  constructor(private readonly clock: Clock) {}

  /** Adds the file to the caller's unit of work. */
  store(em: EntityManager, file: IncomingFile, options: { maxBytes: number; allowed: readonly AllowedMediaType[] }): StoredFile {
    if (file.content.length === 0) throw new DomainError(OrganisationErrors.FILE_REQUIRED, {}, 'file');
    if (file.content.length > options.maxBytes) {
      throw new DomainError(OrganisationErrors.FILE_TOO_LARGE, { limit: `${options.maxBytes / (1024 * 1024)} Mo` }, 'file');
    }
    const mediaType = sniffMediaType(file.content);
    if (!mediaType || !options.allowed.includes(mediaType)) {
      throw new DomainError(OrganisationErrors.FILE_TYPE_NOT_ALLOWED, { allowed: options.allowed.join(', ') }, 'file');
    }
    const stored = new StoredFile({
      content: file.content,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      mediaType,
      fileName: sanitiseFileName(file.fileName),
      now: this.clock.now(),
    });
    em.persist(stored);
    return stored;
  }

  async read(em: EntityManager, id: string): Promise<StoredFile | null> {
    return em.findOne(StoredFile, { id }, { populate: ['content'] });
  }

  async describe(em: EntityManager, ids: readonly string[]): Promise<Map<string, StoredFile>> {
    if (ids.length === 0) return new Map();
    const files = await em.find(StoredFile, { id: { $in: [...ids] } });
    return new Map(files.map((f) => [f.id, f]));
  }
}

function sanitiseFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/[\p{C}"]/gu, '').trim();
  return (base || 'fichier').slice(0, 255);
}
