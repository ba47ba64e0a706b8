import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { ArchiveEntry, tarGzStream } from './tar-gz-stream';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function untar(tar: Buffer): Promise<{ name: string; content: Buffer; mode?: number }[]> {
  const files: { name: string; content: Buffer; mode?: number }[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.on('entry', (header, stream, next) => {
    void collect(stream as unknown as Readable).then((content) => {
      files.push({ name: header.name, content, mode: header.mode });
      next();
    });
  });
  reader.end(tar);
  await done;
  return files;
}

/** A file read in 1,000-byte pieces; `opened`/`closed` tell what the archive did with it. */
function entry(name: string, content: Buffer, size = content.length) {
  const state = { opened: false, closed: false };
  const value: ArchiveEntry = {
    name,
    size,
    mtime: new Date('2026-12-01T10:00:00Z'),
    open: async () => {
      state.opened = true;
      const pieces = Array.from({ length: Math.ceil(content.length / 1000) }, (_, i) => content.subarray(i * 1000, (i + 1) * 1000));
      const stream = Readable.from(pieces, { objectMode: false });
      stream.once('close', () => (state.closed = true));
      return stream;
    },
  };
  return { value, state };
}

describe('tarGzStream', () => {
  it('archives the entries in order, byte for byte, long names included', async () => {
    const files = [randomBytes(0), randomBytes(511), randomBytes(512), randomBytes(70_001)];
    const names = files.map((_, i) => `${100000 + i}_${'facture-'.repeat(i * 10)}.pdf`);
    const archive = gunzipSync(await collect(tarGzStream(files.map((f, i) => entry(names[i]!, f).value))));
    const out = await untar(archive);
    expect(out.map((f) => f.name)).toEqual(names);
    out.forEach((f, i) => expect(f.content.equals(files[i]!)).toBe(true));
    expect(out[0]!.mode).toBe(0o644);
  });

  it('opens one file at a time, only as the archive is read', async () => {
    const entries = [entry('a', randomBytes(300_000)), entry('b', randomBytes(10))];
    const stream = tarGzStream(entries.map((e) => e.value));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nobody reads: the first file is open, paused by backpressure; the second is not opened yet.
    expect(entries[0]!.state.opened).toBe(true);
    expect(entries[1]!.state.opened).toBe(false);
    await collect(stream);
    expect(entries[1]!.state.opened).toBe(true);
  });

  it('fails, rather than end a short archive, when a file is not the size announced', async () => {
    await expect(collect(tarGzStream([entry('a', randomBytes(100), 200).value]))).rejects.toThrow();
    await expect(collect(tarGzStream([entry('a', randomBytes(300), 200).value]))).rejects.toThrow();
  });

  it('fails when a file cannot be opened', async () => {
    const missing: ArchiveEntry = { name: 'x', size: 1, mtime: new Date(), open: () => Promise.reject(new Error('file gone')) };
    await expect(collect(tarGzStream([entry('a', randomBytes(10)).value, missing]))).rejects.toThrow('file gone');
  });

  it('closes the file being read and opens no other when the reader goes away', async () => {
    const entries = [entry('a', randomBytes(2_000_000)), entry('b', randomBytes(10))];
    const stream = tarGzStream(entries.map((e) => e.value));
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(entries[0]!.state.closed).toBe(true);
    expect(entries[1]!.state.opened).toBe(false);
  });
});
