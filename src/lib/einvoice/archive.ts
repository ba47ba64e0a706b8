import { gunzipSync } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { errorCode, errorMessage } from './unknown-error';

/**
 * Reads `.tar.gz` / `.tar` flows into memory with tar-stream (ustar, pax, GNU long names, v7): nothing
 * is ever written to disk, links and special files are refused, and every size is checked from the
 * header before the entry's bytes are read (gzip bombs stop at `maxInflatedBytes`).
 */

export interface ArchiveLimits {
  /** Regular files allowed in one archive. */
  maxEntries: number;
  /** Sum of the regular files' sizes. */
  maxTotalBytes: number;
  /** Size of any one file. */
  maxEntryBytes: number;
  /** Gunzip output cap; defaults to what the other limits can legitimately need. */
  maxInflatedBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Omit<ArchiveLimits, 'maxInflatedBytes'> = {
  maxEntries: 100,
  maxTotalBytes: 120 * 1024 * 1024,
  maxEntryBytes: 10 * 1024 * 1024,
};

export interface ArchiveEntry {
  /** Relative path inside the archive, `/`-separated, without `./`. */
  name: string;
  content: Buffer;
}

export type ArchiveErrorCode =
  | 'ARCHIVE_TOO_LARGE'
  | 'ARCHIVE_ENTRY_TOO_LARGE'
  | 'ARCHIVE_TOO_MANY_ENTRIES'
  | 'ARCHIVE_UNSAFE_PATH'
  | 'ARCHIVE_LINK_FORBIDDEN'
  | 'ARCHIVE_UNSUPPORTED_ENTRY'
  | 'ARCHIVE_CORRUPT';

export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const BLOCK = 512;

export function resolveArchiveLimits(limits: Partial<ArchiveLimits> = {}): ArchiveLimits {
  const maxEntries = limits.maxEntries ?? DEFAULT_ARCHIVE_LIMITS.maxEntries;
  const maxTotalBytes = limits.maxTotalBytes ?? DEFAULT_ARCHIVE_LIMITS.maxTotalBytes;
  const maxEntryBytes = limits.maxEntryBytes ?? DEFAULT_ARCHIVE_LIMITS.maxEntryBytes;
  // Headers and padding cost at most ~1 KiB per entry, plus the 10 KiB record padding of tar writers.
  const overhead = (maxEntries + 1) * 2 * BLOCK + 20 * BLOCK;
  const maxInflatedBytes = limits.maxInflatedBytes ?? maxTotalBytes + overhead;
  return { maxEntries, maxTotalBytes, maxEntryBytes, maxInflatedBytes };
}

// ---------------------------------------------------------------- detection and gzip

export function isGzip(content: Buffer): boolean {
  return content.length >= 2 && content[0] === 0x1f && content[1] === 0x8b;
}

/**
 * A first header whose checksum is right (the ustar magic alone is not enough: old v7 archives lack
 * it, and any text file could contain "ustar" at byte 257).
 */
export function isTar(content: Buffer): boolean {
  if (content.length < BLOCK || isZeroBlock(content, 0)) return false;
  return checksumMatches(content.subarray(0, BLOCK));
}

/** Inflates gzip (including multi-member files) and stops as soon as the output exceeds the cap. */
export function gunzipBounded(content: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(content, { maxOutputLength: maxBytes });
  } catch (error: unknown) {
    if (errorCode(error) === 'ERR_BUFFER_TOO_LARGE') {
      throw new ArchiveError('ARCHIVE_TOO_LARGE', `decompressed flow exceeds ${maxBytes} bytes`);
    }
    throw new ArchiveError('ARCHIVE_CORRUPT', `invalid gzip data: ${errorMessage(error)}`);
  }
}

/** `.tar.gz` or `.tar` → regular files. Rejects with ArchiveError on anything unsafe or over a limit. */
export async function readArchive(content: Buffer, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveEntry[]> {
  const resolved = resolveArchiveLimits(limits);
  const tar = isGzip(content) ? gunzipBounded(content, resolved.maxInflatedBytes) : content;
  if (!isTar(tar)) throw new ArchiveError('ARCHIVE_CORRUPT', 'not a tar archive');
  return readTar(tar, resolved);
}

// ---------------------------------------------------------------- tar

export async function readTar(tar: Buffer, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveEntry[]> {
  const resolved = resolveArchiveLimits(limits);
  const entries: ArchiveEntry[] = [];
  let total = 0;
  // allowUnknownFormat: v7 archives (no ustar magic) too; their header checksum is still verified.
  const extract = tarExtract({ allowUnknownFormat: true } as Parameters<typeof tarExtract>[0]);
  const reading = (async () => {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      const size = entry.header.size ?? 0;
      if (!isRegularFile(type ?? 'file', name)) {
        entry.resume();
        continue;
      }
      checkEntry(name, size, entries.length, total, resolved);
      const path = safePath(name);
      total += size;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ name: path, content: Buffer.concat(chunks) });
    }
  })();
  extract.end(tar);
  try {
    await reading;
  } catch (error: unknown) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('ARCHIVE_CORRUPT', `invalid tar archive: ${errorMessage(error)}`);
  }
  return entries;
}

/**
 * Regular files are returned; directories and global pax headers are skipped; links, devices and
 * FIFOs are refused outright, since a flow has no business containing them.
 */
function isRegularFile(type: string, name: string): boolean {
  if (type === 'file' || type === 'contiguous-file') return true;
  if (type === 'directory' || type === 'pax-global-header') return false;
  if (type === 'link' || type === 'symlink') {
    throw new ArchiveError('ARCHIVE_LINK_FORBIDDEN', `link entries are not allowed ("${name}")`);
  }
  throw new ArchiveError('ARCHIVE_UNSUPPORTED_ENTRY', `unsupported tar entry type "${type}" ("${name}")`);
}

function checkEntry(name: string, size: number, count: number, total: number, limits: ArchiveLimits): void {
  if (count + 1 > limits.maxEntries) {
    throw new ArchiveError('ARCHIVE_TOO_MANY_ENTRIES', `more than ${limits.maxEntries} files in the archive`);
  }
  if (size > limits.maxEntryBytes) {
    throw new ArchiveError('ARCHIVE_ENTRY_TOO_LARGE', `"${name}" is ${size} bytes, limit is ${limits.maxEntryBytes}`);
  }
  if (total + size > limits.maxTotalBytes) {
    throw new ArchiveError('ARCHIVE_TOO_LARGE', `archive content exceeds ${limits.maxTotalBytes} bytes`);
  }
}

/** Refuses absolute paths, drive letters, `..` segments and control characters; drops `./`. */
function safePath(name: string): string {
  const unsafe =
    name === '' ||
    [...name].some((char) => char.charCodeAt(0) < 0x20) ||
    /^[\\/]/.test(name) ||
    /^[A-Za-z]:/.test(name) ||
    name.split(/[\\/]/).includes('..');
  if (unsafe) throw new ArchiveError('ARCHIVE_UNSAFE_PATH', `unsafe path in archive: "${name.slice(0, 100)}"`);
  const cleaned = name.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.').join('/');
  if (cleaned === '') throw new ArchiveError('ARCHIVE_UNSAFE_PATH', `unsafe path in archive: "${name}"`);
  return cleaned;
}

function checksumMatches(block: Buffer): boolean {
  const field = block.toString('latin1', 148, 156).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  const expected = parseInt(field, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte; // some historic writers summed signed bytes
  }
  return expected === unsigned || expected === signed;
}

function isZeroBlock(tar: Buffer, offset: number): boolean {
  for (let i = offset; i < offset + BLOCK; i += 1) if (tar[i] !== 0) return false;
  return true;
}

