import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { uuidv7 } from '../../../../shared/domain/ids';
import { rawRows } from '../../../../shared/persistence/raw';
import { InvoiceStoredFile } from './invoice-stored-file.entity';

/** Where invoice file bytes live. PostgreSQL bytea by default; an S3-compatible adapter is the scale-out path. */
export abstract class FileStore {
  /** Stores the bytes in the caller's transaction (written now, committed or rolled back with it); returns the key. */
  abstract put(em: EntityManager, content: Buffer, now: Date): Promise<string>;
  /**
   * A copy of stored bytes under a new key, made by the store itself (the bytes do not travel through
   * the application), in the caller's transaction; null when the key does not exist. Returns the copy's
   * size and first bytes (a content check needs no second read).
   */
  abstract copy(em: EntityManager, key: string, now: Date): Promise<{ key: string; size: number; head: Buffer } | null>;
  abstract open(key: string): Promise<Readable | null>;
  abstract remove(em: EntityManager, keys: readonly string[]): Promise<void>;
}

const CHUNK = 64 * 1024;

@Injectable()
export class PostgresFileStore extends FileStore {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /**
   * A bound statement, not em.persist: MikroORM inlines every value into the SQL text, so a 1 MB file
   * became a 2 MB hex literal (Buffer → hex in Node, a 2 MB simple-protocol query, hex decoding in
   * PostgreSQL). Bound, `pg` sends the Buffer as a binary parameter, as is (docs/benchmarks.md).
   */
  async put(em: EntityManager, content: Buffer, now: Date): Promise<string> {
    const id = uuidv7(now.getTime());
    await rawRows(em, 'insert into invoice_stored_file (id, content, created_at) values (?, ?, ?)', [id, content, now]);
    return id;
  }

  async copy(em: EntityManager, key: string, now: Date): Promise<{ key: string; size: number; head: Buffer } | null> {
    const id = uuidv7(now.getTime());
    const [row] = await rawRows<{ size: number; head: Buffer }>(
      em,
      `insert into invoice_stored_file (id, content, created_at) select ?, content, ? from invoice_stored_file where id = ?
       returning octet_length(content) as size, substring(content from 1 for 16) as head`,
      [id, now, key],
    );
    return row ? { key: id, size: Number(row.size), head: row.head } : null;
  }

  /** Reads the bytea in 64 KiB slices (substring on the server): never the whole file twice in memory. */
  async open(key: string): Promise<Readable | null> {
    const em = this.em.fork();
    const rows = await em.getConnection().execute<{ size: number }[]>('select octet_length(content) as size from invoice_stored_file where id = ?', [key]);
    if (rows.length === 0) return null;
    const size = Number(rows[0].size);
    const connection = em.getConnection();
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

  async remove(em: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await em.nativeDelete(InvoiceStoredFile, { id: { $in: [...keys] } });
  }
}
