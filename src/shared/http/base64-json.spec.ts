import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { Base64Encoder, jsonWithBase64Field } from './base64-json';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Splits `data` into chunks of the given sizes (cycling). */
function chunked(data: Buffer, sizes: number[]): Readable {
  const parts: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    parts.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(parts);
}

describe('Base64Encoder', () => {
  it.each([
    [0, [1]],
    [1, [1]],
    [2, [1]],
    [3, [3]],
    [1000, [1]],
    [1000, [2]],
    [1000, [4, 5, 7]],
    [100_000, [65_536]],
    [100_001, [65_537, 1, 2]],
  ])('encodes %i bytes cut in chunks of %j exactly like Buffer#toString("base64")', async (length, sizes) => {
    const data = randomBytes(length);
    const out = await collect(chunked(data, sizes).pipe(new Base64Encoder()));
    expect(out.toString('ascii')).toBe(data.toString('base64'));
  });
});

describe('jsonWithBase64Field', () => {
  it('writes the head fields, then the content in base64, as one valid JSON document', async () => {
    const data = randomBytes(70_001);
    const out = await collect(jsonWithBase64Field({ codeRetour: 0, nomFichier: 'f "1".tar.gz' }, 'fichierResultat', chunked(data, [1000, 3, 7])));
    const parsed = JSON.parse(out.toString('utf8'));
    expect(Object.keys(parsed)).toEqual(['codeRetour', 'nomFichier', 'fichierResultat']);
    expect(parsed.nomFichier).toBe('f "1".tar.gz');
    expect(Buffer.from(parsed.fichierResultat, 'base64').equals(data)).toBe(true);
    expect(JSON.parse((await collect(jsonWithBase64Field({}, 'x', Readable.from([])))).toString())).toEqual({ x: '' });
  });

  it('fails (never ends as valid JSON) when the content fails', async () => {
    const source = new PassThrough();
    const out = jsonWithBase64Field({ a: 1 }, 'b', source);
    source.write(Buffer.from('abc'));
    setImmediate(() => source.destroy(new Error('disk gone')));
    await expect(collect(out)).rejects.toThrow('disk gone');
  });
});
