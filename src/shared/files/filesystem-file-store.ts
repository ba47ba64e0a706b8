import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { constants } from 'node:fs';
import { access, FileHandle, link, mkdir, open, readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { uuidv7 } from '../domain/ids';
import { rawRows } from '../persistence/raw';
import { FileReferences } from './file-references';
import { PostgresFileStore, ReceivedFile, UploadFingerprint } from './file-store';

/** Upload chunks are gathered up to this size per write (one thread-pool round trip each). */
const WRITE_BATCH = 256 * 1024;
/** Keys looked up per statement by the sweep. */
const SWEEP_BATCH = 1_000;
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The creation time a UUIDv7 key carries (its first 48 bits, in milliseconds). */
export function keyTime(key: string): number {
  return parseInt(key.slice(0, 8) + key.slice(9, 13), 16);
}

class WrittenFile extends ReceivedFile {
  constructor(
    readonly key: string,
    readonly path: string,
    readonly size: number,
    readonly sha256: string,
    readonly head: Buffer,
  ) {
    super();
  }
}

/**
 * Bytes in a directory (FILE_STORE_DIR), one file per key under `YYYY/MM/DD/` (UTC, from the key's
 * time); the row in `invoice_stored_file` (content null) still decides whether a file exists. Nothing
 * goes through PostgreSQL's connection, WAL or backups (docs/architecture.md, D21).
 *
 * - put writes and fsyncs the file before the row is inserted: a committed row always has its bytes. A
 *   rolled-back transaction leaves a file without a row.
 * - copy is a hard link: no bytes move.
 * - remove deletes rows only; the daily sweep unlinks files that have no row, that no context's metadata
 *   names (FileReferences) and whose key is older than a day (no transaction lasts that long, so a file
 *   whose row is not committed yet is never taken).
 * - Rows whose bytes are in the database (written before FILE_STORE_DIR was set) are still served.
 */
export class FilesystemFileStore extends PostgresFileStore {
  private readonly logger = new Logger('FilesystemFileStore');
  private readonly madeDirectories = new Set<string>();

  constructor(
    em: EntityManager,
    readonly directory: string,
    private readonly references: FileReferences = new FileReferences(),
  ) {
    super(em);
  }

  /** Fails at boot, not at the first upload, when the directory cannot be written. */
  async checkWritable(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await access(this.directory, constants.W_OK | constants.R_OK);
  }

  override async put(em: EntityManager, content: Buffer, now: Date): Promise<string> {
    const key = uuidv7(now.getTime());
    await this.create(key, (path) => writeNewFile(path, (file) => file.writeFile(content)));
    await insertRow(em, key, now);
    return key;
  }

  /**
   * Streams the upload to its final path while hashing it (never the whole file in memory), fsynced; the
   * row comes with `putReceived`. A failed read removes the partial file.
   */
  override async receive(stream: Readable, now: Date): Promise<ReceivedFile> {
    const key = uuidv7(now.getTime());
    const fingerprint = new UploadFingerprint();
    const path = await this.create(key, (path) =>
      writeNewFile(path, async (file) => {
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          fingerprint.add(chunk);
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= WRITE_BATCH) {
            await file.writev(pending);
            pending = [];
            pendingBytes = 0;
          }
        }
        if (pending.length > 0) await file.writev(pending);
      }),
    );
    return new WrittenFile(key, path, fingerprint.size, fingerprint.sha256(), fingerprint.head);
  }

  override async putReceived(em: EntityManager, file: ReceivedFile, now: Date): Promise<string> {
    if (!(file instanceof WrittenFile)) return super.putReceived(em, file, now);
    await insertRow(em, file.key, now);
    return file.key;
  }

  override async discard(file: ReceivedFile): Promise<void> {
    if (file instanceof WrittenFile) await unlink(file.path).catch(ignoreMissing);
  }

  override async copy(em: EntityManager, key: string, now: Date): Promise<{ key: string; size: number; head: Buffer } | null> {
    // FOR KEY SHARE: a concurrent delete of the source row waits for this transaction, so the sweep
    // cannot unlink the source before the copy's own row exists.
    const [row] = await rawRows<{ on_disk: boolean }>(em, 'select content is null as on_disk from invoice_stored_file where id = ? for key share', [key]);
    if (!row) return null;
    if (!row.on_disk) return super.copy(em, key, now);
    const copyKey = uuidv7(now.getTime());
    const path = await this.create(copyKey, (path) => link(this.pathOf(key), path));
    await insertRow(em, copyKey, now);
    return { key: copyKey, ...(await describeFile(path)) };
  }

  protected override async describeOnDisk(key: string): Promise<{ size: number; head: Buffer }> {
    return describeFile(this.pathOf(key));
  }

  /** Opened now: a row without its bytes is an error here, not a stream failing half-way. */
  protected override async openOnDisk(key: string): Promise<Readable> {
    const file = await open(this.pathOf(key), 'r');
    return file.createReadStream();
  }

  protected override async readOnDisk(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  /**
   * Unlinks the files whose key is older than `before`, has no row (removed, or written by a
   * transaction that rolled back) and is named by no context's metadata; returns how many. Empty day directories before the cutoff's go too.
   */
  override async sweep(before: Date): Promise<number> {
    let removed = 0;
    // Only days before the cutoff's lose their directory: nothing writes there any more (keys take the
    // writer's day).
    const cutoffDay = join(this.directory, dayOfTime(before.getTime()));
    for (const day of await this.dayDirectories()) {
      const entries = await readdir(day);
      const names = entries.filter((name) => KEY.test(name) && keyTime(name) < before.getTime());
      let removedHere = 0;
      for (let i = 0; i < names.length; i += SWEEP_BATCH) {
        const batch = names.slice(i, i + SWEEP_BATCH);
        const em = this.em.fork();
        const kept = new Set((await rawRows<{ id: string }>(em, 'select id from invoice_stored_file where id = any(?::uuid[])', [batch])).map((r) => r.id));
        // A row missing while a context still names the key is a bug elsewhere: keep the bytes (and say so).
        for (const key of await this.references.named(em, batch.filter((n) => !kept.has(n)))) {
          this.logger.error({ key }, 'stored file named by a context has no store row: kept');
          kept.add(key);
        }
        for (const name of batch.filter((n) => !kept.has(n))) {
          await unlink(join(day, name)).catch(ignoreMissing);
          removedHere++;
        }
      }
      removed += removedHere;
      if (day < cutoffDay && removedHere === entries.length) await rmdir(day).catch(() => undefined);
    }
    return removed;
  }

  pathOf(key: string): string {
    return join(this.directory, dayOf(key), key);
  }

  /**
   * Makes the key's file with `make` in its day directory, then syncs the directory; returns the path.
   * The directory is made once per process, and again if it vanished (the sweep removes empty ones).
   */
  private async create(key: string, make: (path: string) => Promise<void>): Promise<string> {
    const directory = join(this.directory, dayOf(key));
    const path = join(directory, key);
    if (!this.madeDirectories.has(directory)) {
      await mkdir(directory, { recursive: true });
      this.madeDirectories.add(directory);
    }
    try {
      await make(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(directory, { recursive: true });
      await make(path);
    }
    await syncDirectory(directory);
    return path;
  }

  private async dayDirectories(): Promise<string[]> {
    const days: string[] = [];
    const numbered = async (path: string) => (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => join(path, e.name));
    for (const year of await numbered(this.directory)) {
      for (const month of await numbered(year)) days.push(...(await numbered(month)));
    }
    return days;
  }
}

/** The row that makes a file on disk exist (no content), in the caller's transaction. */
async function insertRow(em: EntityManager, key: string, now: Date): Promise<void> {
  await rawRows(em, 'insert into invoice_stored_file (id, content, created_at) values (?, null, ?)', [key, now]);
}

function dayOfTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

function dayOf(key: string): string {
  return dayOfTime(keyTime(key));
}

/** Creates `path` (never over an existing file), fills it with `write`, fsyncs it; removes it on failure. */
async function writeNewFile(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await write(file);
    await file.sync();
  } catch (error) {
    await file.close();
    await unlink(path).catch(ignoreMissing);
    throw error;
  }
  await file.close();
}

/** A new directory entry is durable only once its directory is synced (POSIX; ext4 usually does it anyway). */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** A file's size and first 16 bytes (or fewer). */
async function describeFile(path: string): Promise<{ size: number; head: Buffer }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { buffer, bytesRead } = await file.read(Buffer.alloc(16), 0, 16, 0);
    return { size, head: buffer.subarray(0, bytesRead) };
  } finally {
    await file.close();
  }
}
