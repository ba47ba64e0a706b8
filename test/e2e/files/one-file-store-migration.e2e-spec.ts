import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { PostgresFileStore } from '../../../src/shared/files/file-store';
import { ormOptions } from '../../../src/shared/persistence/orm-options';
import { createTestDatabase } from '../../support/test-app';

const MIGRATION = 'Migration20261206190000_one_file_store';
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * The data migration of issue 17 on a database holding files: structure documents and ticket files
 * written before it (bytes in their own tables) are readable from the one store after it, with the same
 * sha256 and size, and going down puts the bytes back.
 */
describe('migration: context files move into the one store', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  const q = <T>(text: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(text, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    // The migrator's progress lines are not this test's output.
    orm = await MikroORM.init({ ...ormOptions(db.url, 2), logger: () => undefined });
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('keeps every file, its sha256 and size, and reads it from the store', async () => {
    await orm.getMigrator().down({ migrations: [MIGRATION] });
    const document = randomBytes(200_000);
    const ticketFile = randomBytes(70_000);
    const [docId, ticketFileId] = [randomUUID(), randomUUID()];
    const now = new Date('2026-11-30T10:00:00Z');
    await q(`insert into stored_file (id, content, sha256, size, media_type, file_name, created_at) values (?, ?, ?, ?, 'application/pdf', 'kbis.pdf', ?)`, [
      docId, document, sha256(document), document.length, now,
    ]);
    await q(`insert into support_ticket_file (id, ticket_id, content, sha256, size, media_type, file_name, uploaded_by, created_at) values (?, ?, ?, ?, ?, 'image/png', 'a.png', null, ?)`, [
      ticketFileId, randomUUID(), ticketFile, sha256(ticketFile), ticketFile.length, now,
    ]);
    const storeRowsBefore = Number((await q<{ n: string }>('select count(*) as n from invoice_stored_file'))[0]!.n);

    await orm.getMigrator().up({ migrations: [MIGRATION] });

    const [doc] = await q<{ store_key: string; sha256: string; size: number }>('select store_key, sha256, size from stored_file where id = ?', [docId]);
    const [tf] = await q<{ store_key: string; sha256: string; size: number }>('select store_key, sha256, size from support_ticket_file where id = ?', [ticketFileId]);
    expect(doc).toEqual({ store_key: docId, sha256: sha256(document), size: document.length });
    expect(tf).toEqual({ store_key: ticketFileId, sha256: sha256(ticketFile), size: ticketFile.length });
    expect(Number((await q<{ n: string }>('select count(*) as n from invoice_stored_file'))[0]!.n)).toBe(storeRowsBefore + 2);
    const columns = await q<{ table_name: string }>(`select table_name from information_schema.columns where column_name = 'content' and table_name in ('stored_file', 'support_ticket_file')`);
    expect(columns).toEqual([]);

    const store = new PostgresFileStore(orm.em.fork() as EntityManager);
    expect((await store.read(doc!.store_key))!.equals(document)).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of (await store.open(tf!.store_key)) as Readable) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(ticketFile));

    // Down puts the bytes back into their tables and takes them out of the store.
    await orm.getMigrator().down({ migrations: [MIGRATION] });
    const [back] = await q<{ content: Buffer }>('select content from stored_file where id = ?', [docId]);
    expect(back!.content.equals(document)).toBe(true);
    expect(await q('select 1 from invoice_stored_file where id in (?, ?)', [docId, ticketFileId])).toEqual([]);
    await orm.getMigrator().up({ migrations: [MIGRATION] });
    expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
  });
});
