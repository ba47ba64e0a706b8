import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DomainError } from '../../../shared/domain/domain-error';
import { jsonWithBase64Field } from '../../../shared/http/base64-json';
import { ApiFile, ApiStreamableFile } from '../../invoicing/contracts/api-mode';
import { PisteErrors } from '../domain/piste.errors';
import { ArchiveEntry, tarGzStream } from './tar-gz-stream';

/** Distinct invoices one bulk download may name (telecharger/groupe, telecharger/pieceJointe). */
export const MAX_DOWNLOAD_INVOICES = 100;
/** Files' total size per bulk download (the answer is about 4/3 of it, in base64). */
export const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} Mo`;

/** The invoices named, each once (a repeat is one file once), refused past MAX_DOWNLOAD_INVOICES. */
export function distinctInvoiceIds(requested: readonly number[], field: string): number[] {
  const ids = [...new Set(requested)];
  if (ids.length > MAX_DOWNLOAD_INVOICES) {
    throw new DomainError(PisteErrors.DOWNLOAD_TOO_MANY_INVOICES, { count: ids.length, max: MAX_DOWNLOAD_INVOICES }, field);
  }
  return ids;
}

/**
 * The files of one bulk download, gathered before anything is sent: every id, right and size is checked
 * first (a refusal is an ordinary `{codeRetour, libelle}` answer), then the answer streams them — a base64
 * field inside the JSON, one file or a .tar.gz — never holding more than one file's chunk in memory.
 */
export class DownloadBundle {
  private readonly entries: ArchiveEntry[] = [];
  private total = 0;

  constructor(
    private readonly field: string,
    private readonly now: Date,
  ) {}

  /** A stored file, read from the file store when its turn comes. */
  addStored(name: string, file: ApiStreamableFile): void {
    this.add({ name, size: file.size, mtime: this.now, open: () => file.open() });
  }

  /**
   * A file written from data (the structured XML): measured now, written again when its turn comes, so that
   * no more than one is held at a time (a change in between fails the archive, never corrupts it).
   */
  addWritten(name: string, first: ApiFile, again: () => Promise<ApiFile>): void {
    this.add({ name, size: first.content.length, mtime: this.now, open: async () => Readable.from([(await again()).content]) });
  }

  private add(entry: ArchiveEntry): void {
    this.entries.push(entry);
    this.total += entry.size;
  }

  /** `head` then `field`: the one file itself when `alone` allows it and there is one, else a .tar.gz named `archiveName`. */
  async answer(head: Record<string, unknown>, field: string, nameField: string, archiveName: string, alone: boolean): Promise<StreamableFile> {
    if (this.total > MAX_DOWNLOAD_BYTES) {
      throw new DomainError(PisteErrors.DOWNLOAD_TOO_LARGE, { size: megabytes(this.total), max: megabytes(MAX_DOWNLOAD_BYTES) }, this.field);
    }
    const only = alone && this.entries.length === 1 ? this.entries[0]! : undefined;
    const body = only
      ? jsonWithBase64Field({ ...head, [nameField]: only.name }, field, await only.open())
      : jsonWithBase64Field({ ...head, [nameField]: archiveName }, field, tarGzStream(this.entries));
    return new StreamableFile(body, { type: 'application/json; charset=utf-8' });
  }
}
