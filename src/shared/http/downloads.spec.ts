import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { startedStream } from './downloads';

const context = { requestId: 'req-42', name: 'factures.csv' };

function source(chunks: string[], failAt?: number, closed?: { value: boolean }): Readable {
  async function* lines(): AsyncGenerator<string> {
    try {
      for (let i = 0; ; i++) {
        if (i === failAt) throw new Error('canceling statement due to statement timeout');
        if (i >= chunks.length) return;
        yield chunks[i]!;
      }
    } finally {
      if (closed) closed.value = true;
    }
  }
  return Readable.from(lines());
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('startedStream (streamed exports)', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  it('passes every chunk through, in order', async () => {
    expect(await readAll(await startedStream(source(['h\r\n', 'a\r\n', 'b\r\n', 'c\r\n']), context))).toBe('h\r\na\r\nb\r\nc\r\n');
    expect(await readAll(await startedStream(source(['h\r\n']), context))).toBe('h\r\n');
  });

  it('fails before the first byte when the header or the first batch fails (an ordinary error answer)', async () => {
    await expect(startedStream(source(['h', 'a'], 0), context)).rejects.toThrow('statement timeout');
    const closed = { value: false };
    await expect(startedStream(source(['h', 'a'], 1, closed), context)).rejects.toThrow('statement timeout');
    expect(closed.value).toBe(true);
    expect(errors).not.toHaveBeenCalled();
  });

  it('logs a later failure at error level with the request id, and errors the stream (the connection is cut)', async () => {
    const stream = await startedStream(source(['h', 'a', 'b'], 3), context);
    await expect(readAll(stream)).rejects.toThrow('statement timeout');
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-42', file: 'factures.csv', err: expect.any(Error) }), expect.any(String));
  });

  it('closes the source (its cursor) when the client goes away', async () => {
    const closed = { value: false };
    const stream = await startedStream(source(['h', 'a', 'b', 'c', 'd'], undefined, closed), context);
    for await (const _chunk of stream) break;
    await waitFor(() => closed.value);
    expect(closed.value).toBe(true);
  });
});
