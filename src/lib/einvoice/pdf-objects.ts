/**
 * A deliberately small PDF object reader: just enough to find embedded files.
 *
 * It scans the file for `N G obj` definitions instead of trusting the cross-reference table, so it
 * also reads damaged or incrementally-updated files (later definitions win), and it expands object
 * streams (/Type /ObjStm) where PDF 1.5+ writers put dictionaries such as file specifications.
 * Every recursion and decompression is bounded: the input is untrusted.
 */

export type PdfValue = number | boolean | null | PdfName | PdfString | PdfRef | PdfArray | PdfDict;

export interface PdfName {
  readonly kind: 'name';
  readonly name: string;
}
export interface PdfString {
  readonly kind: 'string';
  readonly bytes: Buffer;
}
export interface PdfRef {
  readonly kind: 'ref';
  readonly num: number;
  readonly gen: number;
}
export interface PdfArray {
  readonly kind: 'array';
  readonly items: readonly PdfValue[];
}
export interface PdfDict {
  readonly kind: 'dict';
  readonly entries: ReadonlyMap<string, PdfValue>;
}

export interface PdfObject {
  readonly num: number;
  readonly value: PdfValue;
  /** Raw (still encoded) stream bytes, for stream objects. */
  readonly stream?: Buffer;
}

export class PdfSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfSyntaxError';
  }
}

const MAX_NESTING = 32;
const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

// ---------------------------------------------------------------- value parser

class PdfLexer {
  constructor(
    private readonly bytes: Buffer,
    public pos: number,
  ) {}

  parseValue(depth = 0): PdfValue {
    if (depth > MAX_NESTING) throw new PdfSyntaxError('objects nested too deeply');
    this.skipSpace();
    const byte = this.bytes[this.pos];
    if (byte === undefined) throw new PdfSyntaxError('unexpected end of data');
    if (byte === 0x2f) return this.parseName();
    if (byte === 0x28) return this.parseLiteralString();
    if (byte === 0x3c) return this.bytes[this.pos + 1] === 0x3c ? this.parseDict(depth) : this.parseHexString();
    if (byte === 0x5b) return this.parseArray(depth);
    return this.parseNumberRefOrKeyword();
  }

  skipSpace(): void {
    while (this.pos < this.bytes.length) {
      const byte = this.bytes[this.pos];
      if (WHITESPACE.has(byte)) this.pos += 1;
      else if (byte === 0x25) this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.bytes.length && this.bytes[this.pos] !== 0x0a && this.bytes[this.pos] !== 0x0d) {
      this.pos += 1;
    }
  }

  private readRegular(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && !isSeparator(this.bytes[this.pos])) this.pos += 1;
    return this.bytes.toString('latin1', start, this.pos);
  }

  private parseName(): PdfName {
    this.pos += 1;
    const raw = this.readRegular();
    // #xx escapes, e.g. /text#2Fxml
    return { kind: 'name', name: raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) };
  }

  private parseLiteralString(): PdfString {
    this.pos += 1;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < this.bytes.length) {
      const byte = this.bytes[this.pos++];
      if (byte === 0x5c) {
        this.readEscape(out);
        continue;
      }
      // Unescaped parentheses are allowed when balanced.
      if (byte === 0x28) depth += 1;
      if (byte === 0x29) depth -= 1;
      if (depth === 0) return { kind: 'string', bytes: Buffer.from(out) };
      out.push(byte);
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private readEscape(out: number[]): void {
    const byte = this.bytes[this.pos++];
    const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
    if (byte === undefined) return;
    if (simple[byte] !== undefined) out.push(simple[byte]);
    else if (byte >= 0x30 && byte <= 0x37) out.push(this.readOctal(byte));
    else if (byte === 0x0d) {
      if (this.bytes[this.pos] === 0x0a) this.pos += 1; // line continuation
    } else if (byte !== 0x0a) out.push(byte);
  }

  private readOctal(first: number): number {
    let value = first - 0x30;
    for (let i = 0; i < 2; i += 1) {
      const next = this.bytes[this.pos];
      if (next === undefined || next < 0x30 || next > 0x37) break;
      value = value * 8 + (next - 0x30);
      this.pos += 1;
    }
    return value & 0xff;
  }

  private parseHexString(): PdfString {
    const end = this.bytes.indexOf(0x3e, this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    let hex = this.bytes.toString('latin1', this.pos + 1, end).replace(/[^0-9A-Fa-f]/g, '');
    if (hex.length % 2 === 1) hex += '0';
    this.pos = end + 1;
    return { kind: 'string', bytes: Buffer.from(hex, 'hex') };
  }

  private parseArray(depth: number): PdfArray {
    this.pos += 1;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.bytes.length) throw new PdfSyntaxError('unterminated array');
      if (this.bytes[this.pos] === 0x5d) {
        this.pos += 1;
        return { kind: 'array', items };
      }
      items.push(this.parseValue(depth + 1));
    }
  }

  private parseDict(depth: number): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.bytes.length) throw new PdfSyntaxError('unterminated dictionary');
      if (this.bytes[this.pos] === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      const key = this.parseValue(depth + 1);
      if (typeof key !== 'object' || key === null || key.kind !== 'name') throw new PdfSyntaxError('dictionary key is not a name');
      entries.set(key.name, this.parseValue(depth + 1));
    }
  }

  private parseNumberRefOrKeyword(): PdfValue {
    const token = this.readRegular();
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (token.length > 32 || !/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(token)) {
      throw new PdfSyntaxError(`unexpected token "${token.slice(0, 20)}"`);
    }
    const number = Number(token);
    return /^\d+$/.test(token) ? (this.tryReference(number) ?? number) : number;
  }

  /** `12 0 R`: looks ahead for a generation number and R without consuming on failure. */
  private tryReference(num: number): PdfRef | undefined {
    const match = /^[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(
      this.bytes.toString('latin1', this.pos, this.pos + 32),
    );
    if (!match) return undefined;
    this.pos += match[0].length;
    return { kind: 'ref', num, gen: Number(match[1]) };
  }
}

function isSeparator(byte: number): boolean {
  return WHITESPACE.has(byte) || DELIMITERS.has(byte);
}

export function parsePdfValue(bytes: Buffer, offset = 0): PdfValue {
  return new PdfLexer(bytes, offset).parseValue();
}

// ---------------------------------------------------------------- object scan

/** The object header grammar, `(\d{1,10})[ws]{1,16}(\d{1,5})[ws]{1,16}obj\b`, found by `nextObjectHeader`. */
const MAX_NUM_DIGITS = 10;
const MAX_GEN_DIGITS = 5;
const MAX_BLANKS = 16;
const OBJ = Buffer.from('obj', 'latin1');
const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;
const isWordByte = (byte: number | undefined): boolean =>
  byte !== undefined && (isDigit(byte) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x5f);

/** How many bytes before `end` (exclusive) satisfy `test`, counting back, at most `limit + 1`. */
function runBefore(pdf: Buffer, end: number, test: (byte: number | undefined) => boolean, limit: number): number {
  let n = 0;
  while (n <= limit && end - n - 1 >= 0 && test(pdf[end - n - 1])) n++;
  return n;
}

/**
 * The first `N G obj` header starting at or after `from`, as the regular expression above would find it
 * (leftmost match; a run of more than 10 digits gives its last 10), without making a 1 MB string of the
 * file and running a regular expression over it: each `obj` keyword, found by the native `indexOf`, is
 * read backwards. Binary stream data rarely holds `obj`, so this is mostly a memory search.
 */
export function nextObjectHeader(pdf: Buffer, from: number): { index: number; end: number; num: number } | undefined {
  for (let at = pdf.indexOf(OBJ, from); at !== -1; at = pdf.indexOf(OBJ, at + 1)) {
    if (isWordByte(pdf[at + 3])) continue;
    const blanks2 = runBefore(pdf, at, (b) => b !== undefined && WHITESPACE.has(b), MAX_BLANKS);
    if (blanks2 === 0 || blanks2 > MAX_BLANKS) continue;
    const genEnd = at - blanks2;
    const gen = runBefore(pdf, genEnd, isDigit, MAX_GEN_DIGITS);
    if (gen === 0 || gen > MAX_GEN_DIGITS) continue;
    const blanks1 = runBefore(pdf, genEnd - gen, (b) => b !== undefined && WHITESPACE.has(b), MAX_BLANKS);
    if (blanks1 === 0 || blanks1 > MAX_BLANKS) continue;
    const numEnd = genEnd - gen - blanks1;
    // The regular expression starts at the leftmost position that matches: at most 10 digits, not before `from`.
    let numStart = numEnd;
    while (numStart > numEnd - MAX_NUM_DIGITS && isDigit(pdf[numStart - 1])) numStart--;
    const index = Math.max(numStart, from);
    if (index >= numEnd) continue;
    return { index, end: at + OBJ.length, num: Number(pdf.toString('latin1', index, numEnd)) };
  }
  return undefined;
}

/**
 * Finds every `N G obj … endobj` in file order. Stream data is skipped using /Length when it is
 * direct and consistent, else by searching `endstream`, so binary content is never scanned for headers.
 */
export function scanPdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  let from = 0;
  for (let header = nextObjectHeader(pdf, from); header; header = nextObjectHeader(pdf, from)) {
    const parsed = readIndirectObject(pdf, header.num, header.end);
    from = parsed ? parsed.end : header.end;
    if (parsed) objects.set(parsed.object.num, parsed.object);
  }
  return objects;
}

const startsWithAt = (pdf: Buffer, keyword: string, at: number): boolean => pdf.toString('latin1', at, at + keyword.length) === keyword;

function readIndirectObject(pdf: Buffer, num: number, start: number): { object: PdfObject; end: number } | undefined {
  const lexer = new PdfLexer(pdf, start);
  let value: PdfValue;
  try {
    value = lexer.parseValue();
  } catch {
    return undefined; // a damaged object must not stop the scan
  }
  lexer.skipSpace();
  if (!startsWithAt(pdf, 'stream', lexer.pos)) return { object: { num, value }, end: lexer.pos };
  const stream = locateStream(pdf, value, lexer.pos + 'stream'.length);
  if (!stream) return { object: { num, value }, end: lexer.pos };
  return { object: { num, value, stream: pdf.subarray(stream.start, stream.end) }, end: stream.after };
}

function locateStream(pdf: Buffer, dict: PdfValue, afterKeyword: number): { start: number; end: number; after: number } | undefined {
  let start = afterKeyword;
  if (pdf[start] === 0x0d) start += 1;
  if (pdf[start] === 0x0a) start += 1;
  const declared = dictGet(dict, 'Length');
  if (typeof declared === 'number' && declared >= 0 && start + declared <= pdf.length) {
    const tail = pdf.toString('latin1', start + declared, start + declared + 32);
    if (/^[\0\t\n\f\r ]*endstream/.test(tail)) {
      return { start, end: start + declared, after: start + declared + tail.indexOf('endstream') + 9 };
    }
  }
  const keyword = pdf.indexOf('endstream', start, 'latin1');
  if (keyword < 0) return undefined;
  let end = keyword;
  if (pdf[end - 1] === 0x0a) end -= 1;
  if (pdf[end - 1] === 0x0d) end -= 1;
  return { start, end: Math.max(end, start), after: keyword + 9 };
}

/**
 * Adds the objects stored inside object streams. `decode` inflates a stream (bounded by the caller).
 * Objects defined directly in the file take precedence: object streams only fill the gaps.
 */
export function expandObjectStreams(objects: Map<number, PdfObject>, decode: (object: PdfObject) => Buffer): void {
  const containers = [...objects.values()].filter((object) => nameOf(dictGet(object.value, 'Type')) === 'ObjStm');
  for (const container of containers) {
    let data: Buffer;
    try {
      data = decode(container);
    } catch {
      continue;
    }
    for (const inner of readObjectStream(container, data)) {
      if (!objects.has(inner.num)) objects.set(inner.num, inner);
    }
  }
}

function readObjectStream(container: PdfObject, data: Buffer): PdfObject[] {
  const count = dictGet(container.value, 'N');
  const first = dictGet(container.value, 'First');
  if (typeof count !== 'number' || typeof first !== 'number' || count > 100_000) return [];
  const header = data.toString('latin1', 0, first).trim().split(/\s+/).map(Number);
  const found: PdfObject[] = [];
  for (let i = 0; i + 1 < header.length && i / 2 < count; i += 2) {
    try {
      found.push({ num: header[i], value: parsePdfValue(data, first + header[i + 1]) });
    } catch {
      // skip the damaged entry, keep the others
    }
  }
  return found;
}

// ---------------------------------------------------------------- accessors

export function dictGet(value: PdfValue | undefined, key: string): PdfValue | undefined {
  return isDict(value) ? value.entries.get(key) : undefined;
}

export function isDict(value: PdfValue | undefined): value is PdfDict {
  return typeof value === 'object' && value !== null && value.kind === 'dict';
}

export function nameOf(value: PdfValue | undefined): string | undefined {
  return typeof value === 'object' && value !== null && value.kind === 'name' ? value.name : undefined;
}

export function resolve(objects: ReadonlyMap<number, PdfObject>, value: PdfValue | undefined): PdfValue | undefined {
  if (typeof value === 'object' && value !== null && value.kind === 'ref') return objects.get(value.num)?.value;
  return value;
}

/** Text string per PDF 32000 §7.9.2.2: UTF-16BE (or UTF-8 in PDF 2.0) with BOM, else PDFDocEncoding. */
export function textOf(value: PdfValue | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || value.kind !== 'string') return undefined;
  const bytes = value.bytes;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  return bytes.toString('latin1'); // identical to PDFDocEncoding for the ASCII names we look for
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  swapped.swap16();
  return swapped.toString('utf16le');
}
