import { gunzipSync } from 'node:zlib';
import { errorCode, errorMessage } from './unknown-error';

/**
 * Reads `.tar.gz` / `.tar` flows. The tar reader is hand-written because it only has to *read regular
 * files into memory*: nothing is ever written to disk, links and special files are refused, and
 * every size is capped before the bytes are trusted (gzip bombs stop at `maxInflatedBytes`).
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

/** `.tar.gz` or `.tar` → regular files. Throws ArchiveError on anything unsafe or over a limit. */
export function readArchive(content: Buffer, limits: Partial<ArchiveLimits> = {}): ArchiveEntry[] {
  const resolved = resolveArchiveLimits(limits);
  const tar = isGzip(content) ? gunzipBounded(content, resolved.maxInflatedBytes) : content;
  if (!isTar(tar)) throw new ArchiveError('ARCHIVE_CORRUPT', 'not a tar archive');
  return readTar(tar, resolved);
}

// ---------------------------------------------------------------- tar

interface Header {
  name: string;
  size: number;
  type: string;
}

interface PendingMeta {
  /** Name carried by a preceding pax (`x`) or GNU long-name (`L`) entry. */
  longName?: string;
}

export function readTar(tar: Buffer, limits: Partial<ArchiveLimits> = {}): ArchiveEntry[] {
  const resolved = resolveArchiveLimits(limits);
  const entries: ArchiveEntry[] = [];
  let total = 0;
  let meta: PendingMeta = {};
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    if (isZeroBlock(tar, offset)) break; // end-of-archive marker
    const header = readHeader(tar, offset);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + header.size;
    if (dataEnd > tar.length) throw new ArchiveError('ARCHIVE_CORRUPT', `entry "${header.name}" is truncated`);
    offset = dataStart + Math.ceil(header.size / BLOCK) * BLOCK;
    const data = tar.subarray(dataStart, dataEnd);
    if (header.type === 'x' || header.type === 'L') {
      meta = { longName: header.type === 'L' ? cString(data) : paxPath(data) };
      continue;
    }
    const name = meta.longName ?? header.name;
    meta = {};
    if (!isRegularFile(header.type, name)) continue;
    checkEntry(name, header.size, entries.length, total, resolved);
    total += header.size;
    entries.push({ name: safePath(name), content: data });
  }
  return entries;
}

function readHeader(tar: Buffer, offset: number): Header {
  const block = tar.subarray(offset, offset + BLOCK);
  if (!checksumMatches(block)) throw new ArchiveError('ARCHIVE_CORRUPT', `bad tar header checksum at byte ${offset}`);
  const name = cString(block.subarray(0, 100));
  const isUstar = block.toString('latin1', 257, 262) === 'ustar';
  const prefix = isUstar ? cString(block.subarray(345, 500)) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: readSize(block),
    type: String.fromCharCode(block[156] || 0x30),
  };
}

function readSize(block: Buffer): number {
  if ((block[124] & 0x80) !== 0) {
    // GNU base-256 sizes only exist for files over 8 GiB: far beyond any limit.
    throw new ArchiveError('ARCHIVE_ENTRY_TOO_LARGE', 'tar entry uses a base-256 size');
  }
  const field = block.toString('latin1', 124, 136).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]*$/.test(field)) throw new ArchiveError('ARCHIVE_CORRUPT', `invalid tar size field "${field}"`);
  return field === '' ? 0 : parseInt(field, 8);
}

/**
 * Regular files are returned; directories and global pax headers are skipped; links, devices and
 * FIFOs are refused outright, since a flow has no business containing them.
 */
function isRegularFile(type: string, name: string): boolean {
  if (type === '0' || type === '7') return true;
  if (type === '5' || type === 'g') return false;
  if (type === '1' || type === '2' || type === 'K') {
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

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.toString('utf8', 0, end < 0 ? bytes.length : end);
}

/** pax records are `"<len> key=value\n"` with <len> in bytes; only `path` matters to us. */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    const length = space < 0 ? NaN : parseInt(data.toString('latin1', at, space), 10);
    if (!Number.isInteger(length) || length <= space - at) break;
    const record = data.toString('utf8', space + 1, at + length - 1);
    if (record.startsWith('path=')) path = record.slice('path='.length);
    at += length;
  }
  return path;
}
