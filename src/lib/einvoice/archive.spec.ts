import { constants, createGzip, gzipSync } from 'node:zlib';
import { makeTar, paxRecords, ublInvoice } from './__fixtures__/flow-fixtures';
import { ArchiveError, isGzip, isTar, readArchive, resolveArchiveLimits, type ArchiveErrorCode } from './archive';

async function archiveCode(run: () => Promise<unknown>): Promise<ArchiveErrorCode | undefined> {
  try {
    await run();
  } catch (error: unknown) {
    if (error instanceof ArchiveError) return error.code;
    throw error;
  }
  return undefined;
}

/** 200 MB of zeros gzipped by streaming (≈200 KB), without allocating the 200 MB. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  const megabyte = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i += 1) {
    if (!gzip.write(megabyte)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

describe('readArchive', () => {
  const invoices = [1, 2, 3].map((n) => ({ name: `flux/facture-${n}.xml`, content: ublInvoice({ number: `FA-${n}` }) }));

  it('reads a .tar.gz holding three invoices', async () => {
    const archive = gzipSync(makeTar(invoices));
    expect(isGzip(archive)).toBe(true);
    const entries = await readArchive(archive);
    expect(entries.map((e) => e.name)).toEqual(['flux/facture-1.xml', 'flux/facture-2.xml', 'flux/facture-3.xml']);
    expect(entries[1].content.toString()).toContain('<cbc:ID>FA-2</cbc:ID>');
  });

  it('reads a plain tar, skips directories and strips ./', async () => {
    const tar = makeTar([{ name: './flux/', type: '5' }, { name: './flux/a.xml', content: '<a/>' }]);
    expect(isTar(tar)).toBe(true);
    expect(await readArchive(tar)).toEqual([{ name: 'flux/a.xml', content: Buffer.from('<a/>') }]);
  });

  it('honours ustar prefixes, pax paths and GNU long names', async () => {
    const longName = `${'dossier-'.repeat(15)}/facture-é.xml`;
    const tar = makeTar([
      { name: 'a.xml', prefix: 'lot', content: '<a/>' },
      { name: 'PaxHeader', type: 'x', content: paxRecords(longName) },
      { name: 'truncated-name', content: '<b/>' },
      { name: '././@LongLink', type: 'L', content: `${longName}\0` },
      { name: 'truncated-again', content: '<c/>' },
    ]);
    expect((await readArchive(tar)).map((e) => e.name)).toEqual(['lot/a.xml', longName, longName]);
  });

  it.each([
    ['../evil.xml', 'ARCHIVE_UNSAFE_PATH'],
    ['flux/../../evil.xml', 'ARCHIVE_UNSAFE_PATH'],
    ['/etc/cron.d/evil', 'ARCHIVE_UNSAFE_PATH'],
    ['C:\\Windows\\evil.xml', 'ARCHIVE_UNSAFE_PATH'],
    ['..\\evil.xml', 'ARCHIVE_UNSAFE_PATH'],
  ])('refuses the path %s', async (name, code) => {
    expect(await archiveCode(() => readArchive(gzipSync(makeTar([...invoices, { name, content: '<x/>' }]))))).toBe(code);
  });

  it('refuses symbolic and hard links, and special files', async () => {
    expect(await archiveCode(() => readArchive(makeTar([{ name: 'passwd.xml', type: '2', linkName: '/etc/passwd' }])))).toBe(
      'ARCHIVE_LINK_FORBIDDEN',
    );
    expect(await archiveCode(() => readArchive(makeTar([{ name: 'copy.xml', type: '1', linkName: 'a.xml' }])))).toBe(
      'ARCHIVE_LINK_FORBIDDEN',
    );
    expect(await archiveCode(() => readArchive(makeTar([{ name: 'fifo', type: '6' }])))).toBe('ARCHIVE_UNSUPPORTED_ENTRY');
  });

  it('enforces the entry count, entry size and total size limits', async () => {
    const many = makeTar(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.xml`, content: '<a/>' })));
    expect(await archiveCode(() => readArchive(many, { maxEntries: 3 }))).toBe('ARCHIVE_TOO_MANY_ENTRIES');
    expect(await readArchive(many, { maxEntries: 4 })).toHaveLength(4);
    const big = makeTar([{ name: 'big.xml', content: Buffer.alloc(2048, 0x20) }]);
    expect(await archiveCode(() => readArchive(big, { maxEntryBytes: 1024 }))).toBe('ARCHIVE_ENTRY_TOO_LARGE');
    const two = makeTar([
      { name: 'a.xml', content: Buffer.alloc(800, 0x20) },
      { name: 'b.xml', content: Buffer.alloc(800, 0x20) },
    ]);
    expect(await archiveCode(() => readArchive(two, { maxTotalBytes: 1500 }))).toBe('ARCHIVE_TOO_LARGE');
  });

  it('stops a gzip bomb (200 MB of zeros) at the inflated-size cap', async () => {
    const bomb = await gzipBomb(200);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // default limits: 120 MB of content plus tar overhead, far below 200 MB
    expect(resolveArchiveLimits().maxInflatedBytes).toBeLessThan(121 * 1024 * 1024);
    expect(await archiveCode(() => readArchive(bomb))).toBe('ARCHIVE_TOO_LARGE');
    expect(await archiveCode(() => readArchive(bomb, { maxInflatedBytes: 1024 * 1024 }))).toBe('ARCHIVE_TOO_LARGE');
  });

  it('reports corrupt gzip, bad checksums, truncated entries and non-tar content', async () => {
    expect(await archiveCode(() => readArchive(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01])))).toBe('ARCHIVE_CORRUPT');
    const tar = makeTar([{ name: 'a.xml', content: '<a/>' }]);
    const badChecksum = Buffer.from(tar);
    badChecksum[0] = 0x62;
    expect(await archiveCode(() => readArchive(Buffer.concat([badChecksum.subarray(0, 512), tar.subarray(512)])))).toBe(
      'ARCHIVE_CORRUPT',
    );
    const truncated = makeTar([{ name: 'a.xml', content: Buffer.alloc(4096, 0x20) }]).subarray(0, 1024);
    expect(await archiveCode(() => readArchive(truncated))).toBe('ARCHIVE_CORRUPT');
    expect(await archiveCode(() => readArchive(gzipSync(Buffer.from('<a/>'))))).toBe('ARCHIVE_CORRUPT');
  });
});
