import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DomainError } from '../../../shared/domain/domain-error';
import { sanitiseFileName } from '../../../shared/files/file-name';
import { FileStore } from '../../../shared/files/file-store';
import { sniffMediaType } from '../../../shared/files/media-type';
import { Clock } from '../../../shared/time/clock';
import { OrganisationErrors } from '../domain/organisation.errors';
import { StoredFile } from '../domain/stored-file.entity';

export type AllowedMediaType = 'application/pdf' | 'image/png' | 'image/jpeg';

export interface IncomingFile {
  fileName: string;
  content: Buffer;
}

/**
 * Files of the organisation context (structure documents, bank proofs): checked for size and real type
 * before anything is written, their bytes in the shared FileStore, a `stored_file` row here naming them.
 */
@Injectable()
export class OrganisationFiles {
  constructor(
    private readonly bytes: FileStore,
    private readonly clock: Clock,
  ) {}

  /** Stores the bytes and adds their row to the caller's transaction (`em` must be in one). */
  async store(em: EntityManager, file: IncomingFile, options: { maxBytes: number; allowed: readonly AllowedMediaType[] }): Promise<StoredFile> {
    if (file.content.length === 0) throw new DomainError(OrganisationErrors.FILE_REQUIRED, {}, 'file');
    if (file.content.length > options.maxBytes) {
      throw new DomainError(OrganisationErrors.FILE_TOO_LARGE, { limit: `${options.maxBytes / (1024 * 1024)} Mo` }, 'file');
    }
    const mediaType = sniffMediaType(file.content);
    if (!mediaType || !(options.allowed as readonly string[]).includes(mediaType)) {
      throw new DomainError(OrganisationErrors.FILE_TYPE_NOT_ALLOWED, { allowed: options.allowed.join(', ') }, 'file');
    }
    const now = this.clock.now();
    const stored = new StoredFile({
      storeKey: await this.bytes.put(em, file.content, now),
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      mediaType,
      fileName: sanitiseFileName(file.fileName),
      now,
    });
    em.persist(stored);
    return stored;
  }

  /** A file's row and its bytes as a stream, read from the store as they are sent; null when either is gone. */
  async open(em: EntityManager, id: string): Promise<{ file: StoredFile; stream: Readable } | null> {
    const file = await em.findOne(StoredFile, { id });
    if (!file) return null;
    const stream = await this.bytes.open(file.storeKey);
    return stream ? { file, stream } : null;
  }

  async describe(em: EntityManager, ids: readonly string[]): Promise<Map<string, StoredFile>> {
    if (ids.length === 0) return new Map();
    const files = await em.find(StoredFile, { id: { $in: [...ids] } });
    return new Map(files.map((f) => [f.id, f]));
  }
}
