import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { uuidv7 } from '../domain/ids';
import { rawRows } from '../persistence/raw';
import { StoredBytes } from './stored-bytes.entity';

/**
 * Where the bytes of every context's files live (invoice files, flows, staged attachments, structure
 * documents and bank proofs, ticket files). Each context keeps its own metadata row naming a key; every
 * stored file also has a row in the store's table (`invoice_stored_file`, its historical name), written
 * in the caller's transaction: that row is what makes a file exist. Its bytes are in the row
 * (PostgresFileStore, the default) or in a directory (FilesystemFileStore, FILE_STORE_DIR; the row's
 * content is then null).
 */
export abstract class FileStore {
  /** Stores the bytes; the file exists once the caller's transaction commits. Returns the key. */
  abstract put(em: EntityManager, content: Buffer, now: Date): Promise<string>;
  /**
   * Reads an upload as it arrives, outside any transaction (a slow client holds no connection), hashing
   * it on the way. The result is stored by `putReceived` or dropped by `discard`.
   */
  abstract receive(stream: Readable, now: Date): Promise<ReceivedFile>;
  /** Stores received bytes in the caller's transaction; returns the key. */
  abstract putReceived(em: EntityManager, file: ReceivedFile, now: Date): Promise<string>;
  /** Drops received bytes that will not be stored. */
  abstract discard(file: ReceivedFile): Promise<void>;
  /**
   * A copy of stored bytes under a new key, made by the store itself (the bytes do not travel through
   * the application), in the caller's transaction; null when the key does not exist. Returns the copy's
   * size and first bytes (a content check needs no second read).
   */
  abstract copy(em: EntityManager, key: string, now: Date): Promise<{ key: string; size: number; head: Buffer } | null>;
  /**
   * Locks a key's row until the caller's transaction ends and describes its bytes (size, first bytes)
   * without reading them; null when the key does not exist. A caller about to make another row name the
   * same bytes holds the lock while it checks that no other row does (AddInvoiceFile, kept files).
   */
  abstract lockAndDescribe(em: EntityManager, key: string): Promise<{ size: number; head: Buffer } | null>;
  /** The bytes as a stream (downloads); null when the key does not exist. */
  abstract open(key: string): Promise<Readable | null>;
  /** The bytes in memory (a flow's reader needs them whole); null when the key does not exist. */
  abstract read(key: string): Promise<Buffer | null>;
  /** Forgets the keys in the caller's transaction. */
  abstract remove(em: EntityManager, keys: readonly string[]): Promise<void>;
  /** Deletes bytes no row names any more, written before `before`; returns how many (daily, worker). */
  abstract sweep(before: Date): Promise<number>;
}

const CHUNK = 64 * 1024;

/** An upload read by `FileStore.receive`: what checks need, before it is stored. */
export abstract class ReceivedFile {
  abstract readonly size: number;
  abstract readonly sha256: string;
  /** The first 16 bytes (or fewer): enough for a content check. */
  abstract readonly head: Buffer;
}

/**
 * What a streaming `receive` learns of an upload as its chunks go by (size, SHA-256, first 16 bytes), so
 * that the bytes can go on to their file or object without being held.
 */
export class UploadFingerprint {
  private readonly hash = createHash('sha256');
  size = 0;
  head = Buffer.alloc(0);

  add(chunk: Buffer): void {
    this.hash.update(chunk);
    if (this.head.length < 16) this.head = Buffer.concat([this.head, chunk.subarray(0, 16 - this.head.length)]);
    this.size += chunk.length;
  }

  /** Once every chunk was added: the SHA-256, hex. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}

class BufferedFile extends ReceivedFile {
  constructor(
    readonly content: Buffer,
    readonly sha256: string,
  ) {
    super();
  }
  get size(): number {
    return this.content.length;
  }
  get head(): Buffer {
    return this.content.subarray(0, 16);
  }
}

export class FileOnDiskError extends Error {
  constructor(key: string) {
    super(`stored file ${key} is kept on disk, but FILE_STORE_DIR is not set`);
  }
}

@Injectable()
export class PostgresFileStore extends FileStore {
  constructor(protected readonly em: EntityManager) {
    super();
  }

  /**
   * A bound statement, not em.persist: MikroORM inlines every value into the SQL text, so a 1 MB file
   * became a 2 MB hex literal (Buffer → hex in Node, a 2 MB simple-protocol query, hex decoding in
   * PostgreSQL). Bound, `pg` sends the Buffer as a binary parameter, as is (architecture D18).
   */
  async put(em: EntityManager, content: Buffer, now: Date): Promise<string> {
    const id = uuidv7(now.getTime());
    await rawRows(em, 'insert into invoice_stored_file (id, content, created_at) values (?, ?, ?)', [id, content, now]);
    return id;
  }

  /** Held in memory until `putReceived`: the bytes go to PostgreSQL as one parameter. */
  async receive(stream: Readable, _now: Date): Promise<ReceivedFile> {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      chunks.push(chunk);
    }
    return new BufferedFile(Buffer.concat(chunks), hash.digest('hex'));
  }

  async putReceived(em: EntityManager, file: ReceivedFile, now: Date): Promise<string> {
    if (!(file instanceof BufferedFile)) throw new Error('received by another store');
    return this.put(em, file.content, now);
  }

  async discard(_file: ReceivedFile): Promise<void> {
    // Nothing was written anywhere.
  }

  async copy(em: EntityManager, key: string, now: Date): Promise<{ key: string; size: number; head: Buffer } | null> {
    const id = uuidv7(now.getTime());
    const [row] = await rawRows<{ size: number | null; head: Buffer | null }>(
      em,
      `insert into invoice_stored_file (id, content, created_at) select ?, content, ? from invoice_stored_file where id = ?
       returning octet_length(content) as size, substring(content from 1 for 16) as head`,
      [id, now, key],
    );
    if (!row) return null;
    if (row.size === null) throw new FileOnDiskError(key);
    return { key: id, size: Number(row.size), head: row.head! };
  }

  /** `octet_length` and a 16-byte `substring` of an uncompressed (EXTERNAL) bytea read no more than its first chunk. */
  async lockAndDescribe(em: EntityManager, key: string): Promise<{ size: number; head: Buffer } | null> {
    const [row] = await rawRows<{ size: number | null; head: Buffer | null }>(
      em,
      'select octet_length(content) as size, substring(content from 1 for 16) as head from invoice_stored_file where id = ? for update',
      [key],
    );
    if (!row) return null;
    return row.size === null ? this.describeOnDisk(key) : { size: Number(row.size), head: row.head! };
  }

  async open(key: string): Promise<Readable | null> {
    const [row] = await rawRows<{ size: number | null }>(this.em.fork(), 'select octet_length(content) as size from invoice_stored_file where id = ?', [key]);
    if (!row) return null;
    return row.size === null ? this.openOnDisk(key) : this.openInDatabase(key, Number(row.size));
  }

  async read(key: string): Promise<Buffer | null> {
    const [row] = await rawRows<{ content: Buffer | null }>(this.em.fork(), 'select content from invoice_stored_file where id = ?', [key]);
    if (!row) return null;
    return row.content ?? this.readOnDisk(key);
  }

  async remove(em: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await em.nativeDelete(StoredBytes, { id: { $in: [...keys] } });
  }

  async sweep(_before: Date): Promise<number> {
    return 0; // A row's bytes go with the row.
  }

  /** The bytes of a row without content: on disk, which only the directory adapter can reach. */
  protected async openOnDisk(key: string): Promise<Readable> {
    throw new FileOnDiskError(key);
  }

  protected async readOnDisk(key: string): Promise<Buffer> {
    throw new FileOnDiskError(key);
  }

  protected async describeOnDisk(key: string): Promise<{ size: number; head: Buffer }> {
    throw new FileOnDiskError(key);
  }

  /** Reads the bytea in 64 KiB slices (substring on the server): never the whole file twice in memory. */
  private openInDatabase(key: string, size: number): Readable {
    const connection = this.em.fork().getConnection();
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let offset = 0; offset < size; offset += CHUNK) {
        const part = await connection.execute<{ chunk: Buffer }[]>(
          'select substring(content from ? for ?) as chunk from invoice_stored_file where id = ?',
          [offset + 1, CHUNK, key],
        );
        yield part[0].chunk;
      }
    }
    return Readable.from(chunks());
  }
}
