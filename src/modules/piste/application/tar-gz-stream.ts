import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

export interface ArchiveEntry {
  /** Sanitised by the caller. */
  name: string;
  /** Known before the bytes are read (the tar header carries it); a file of another length fails the archive. */
  size: number;
  mtime: Date;
  open(): Promise<Readable>;
}

/**
 * A .tar.gz of the entries, produced as it is read: one file open at a time, each read only as fast as the
 * archive is consumed (backpressure from the socket back to the file store). A failure (a file gone, a size
 * that does not match) destroys the stream rather than end a truncated archive; destroying the stream (the
 * client left) stops the reading and closes the file being read.
 */
export function tarGzStream(entries: readonly ArchiveEntry[]): Readable {
  const tar = pack();
  const out = pipeline(tar, createGzip(), () => undefined);
  /** The file being copied, and how to give up on it. */
  let current: { source: Readable; abandon: (error: Error) => void } | undefined;
  let stopped = false;
  out.once('close', () => {
    // Finished, failed, or the reader left: close the file being read, stop opening others.
    stopped = true;
    current?.source.destroy();
    current?.abandon(new Error('archive closed'));
    tar.destroy();
  });

  const copy = (entry: ArchiveEntry, source: Readable): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      current = { source, abandon: reject };
      const sink = tar.entry({ name: entry.name, size: entry.size, mtime: entry.mtime, mode: 0o644, type: 'file' }, (error) =>
        error ? reject(error) : resolve(),
      );
      sink.once('error', reject); // e.g. a file longer or shorter than its announced size
      source.once('error', (error) => {
        sink.destroy(error);
        reject(error);
      });
      source.pipe(sink);
    }).finally(() => {
      current = undefined;
      source.destroy();
    });

  void (async () => {
    for (const entry of entries) {
      if (stopped) return;
      const source = await entry.open();
      if (stopped) {
        source.destroy();
        return;
      }
      await copy(entry, source);
    }
    tar.finalize();
  })().catch((error: unknown) => {
    if (!stopped) out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}
