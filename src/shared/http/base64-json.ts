import { pipeline, Readable, Transform, TransformCallback } from 'node:stream';

/**
 * Encodes a byte stream to base64 as it flows. Each chunk is encoded up to a multiple of 3 bytes and the
 * 0–2 bytes left over go in front of the next one, so the output is exactly the base64 of the whole
 * (padding only at the very end), whatever the chunk sizes.
 */
export class Base64Encoder extends Transform {
  private rest: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const data = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const whole = data.length - (data.length % 3);
    this.rest = Buffer.from(data.subarray(whole));
    if (whole > 0) this.push(data.subarray(0, whole).toString('base64'), 'ascii');
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.rest.length > 0) this.push(this.rest.toString('base64'), 'ascii');
    callback();
  }
}

/**
 * A JSON object written as it is produced: the fields of `head`, then `field` holding the base64 of
 * `content`, streamed (`{"codeRetour":0,…,"fichierResultat":"H4sI…"}`). Nothing is built whole in memory;
 * an error of `content` destroys the result (the client sees a cut answer, never a valid-looking one),
 * and destroying the result (the client left) destroys `content`.
 */
export function jsonWithBase64Field(head: Record<string, unknown>, field: string, content: Readable): Readable {
  const opening = JSON.stringify(head);
  const prefix = `${opening.slice(0, -1)}${opening === '{}' ? '' : ','}${JSON.stringify(field)}:"`;
  // pipeline: an error of `content` fails the answer, and an answer closed early (client gone) destroys
  // `content`, so whatever feeds it stops reading.
  const encoded = pipeline(content, new Base64Encoder(), () => undefined);
  async function* parts(): AsyncGenerator<Buffer> {
    yield Buffer.from(prefix, 'utf8');
    for await (const chunk of encoded as AsyncIterable<Buffer>) yield chunk;
    yield Buffer.from('"}', 'ascii');
  }
  return Readable.from(parts(), { objectMode: false });
}
