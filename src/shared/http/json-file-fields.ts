import { Base64Outcome, LenientBase64Decoder } from './lenient-base64';

/**
 * Takes the files out of a JSON body as it arrives: the string value of a named member of the top-level
 * object (`{"fichierFacture": "JVBERi0…", …}`) is decoded from base64 as its bytes go by (`sink`), and
 * the rest of the document (the "residual", a few hundred bytes) is kept for the ordinary JSON parser.
 * The megabytes of base64 are never held as a string, parsed as JSON or scanned for `__proto__` keys (a
 * string cannot carry keys): only the residual is.
 *
 * Hand-written rather than a streaming JSON library (none is installed): it needs no JSON grammar beyond
 * strings, nesting and the top-level object's key/value positions, because the residual goes to the
 * ordinary parser, which judges the document. The one thing replaced is a complete string token, by
 * another valid string token, so the residual is valid JSON exactly when the body is:
 * - a file value, by `"-"` (the staging reads the decoded file, `StreamedFiles`);
 * - a blank value, by `""` (the readers then say the field is required, as before);
 * - a value holding text the text rule refuses (an escaped NUL, control character or lone surrogate), by
 *   `"\u0000"`, so that the text rule refuses it with the same field named;
 * - a value that is not a valid JSON string (a raw control character, a bad escape): the whole residual
 *   is made invalid, so the parser refuses the body as it did.
 * Any other value of a file member (a number, an object…) is left in the residual: the readers judge it.
 */

export type FileFieldOutcome = { kind: 'decoded'; size: number } | { kind: 'invalid' };

export interface FileFieldSink {
  /** A file member's value starts; an earlier value of the same member is replaced (the last one wins, as in JSON.parse). */
  begin(field: string): void;
  /** Decoded bytes of the current value. */
  bytes(bytes: Buffer): void;
  /** The current value ended: decoded, or not base64. */
  end(field: string, outcome: FileFieldOutcome): void;
  /** The member's (last) value is not a file here: blank, refused text, not a string, or the document is invalid. */
  drop(field: string): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_KEY_BYTES = 256;

const FILE_PLACEHOLDER = Buffer.from('"-"');
const BLANK_PLACEHOLDER = Buffer.from('""');
const INVALID_TEXT_PLACEHOLDER = Buffer.from('"\\u0000"');
/** Not JSON: the parser refuses it as it refused the body. */
const INVALID_DOCUMENT = Buffer.from('{"\u0001"}');

const SIMPLE_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };
/** What the text rule refuses below U+0020 (tab, line feed and carriage return are allowed). */
const refusedControl = (code: number): boolean => code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;

type Expect = 'key' | 'colon' | 'value' | 'other';

export class JsonFileFieldScanner {
  private readonly residual: Buffer[] = [];
  private poisoned = false;

  // Outside file values: where we are in the document.
  private depth = 0;
  private topIsObject = false;
  private expect: Expect = 'other';
  private inString = false;
  private escaped = false;
  /** The raw bytes of a top-level key being read (null when not capturing). */
  private key: number[] | null = null;
  private lastKey: string | null = null;

  // Inside a file value.
  private field: string | null = null;
  private decoder: LenientBase64Decoder | null = null;
  private badText = false;
  private escape: 'none' | 'started' | 'unicode' = 'none';
  private hex = '';
  private highSurrogate = false;
  private utf8: number[] = [];
  private utf8Needed = 0;
  /** Cached positions of the next quote and backslash in the current chunk (-1: none left). */
  private nextQuote = -1;
  private nextBackslash = -1;

  constructor(
    private readonly fields: ReadonlySet<string>,
    private readonly sink: FileFieldSink,
  ) {}

  write(chunk: Buffer): void {
    if (this.poisoned) return;
    let copyFrom = 0;
    let at = 0;
    this.nextQuote = chunk.indexOf(QUOTE);
    this.nextBackslash = chunk.indexOf(BACKSLASH);
    while (at < chunk.length && !this.poisoned) {
      if (this.field !== null) {
        at = this.fileBytes(chunk, at);
        if (this.field === null) copyFrom = at;
        continue;
      }
      const byte = chunk[at]!;
      if (this.inString) {
        this.stringByte(byte);
        at += 1;
        continue;
      }
      if (byte === QUOTE && this.atTopLevel() && this.expect === 'value' && this.lastKey !== null && this.fields.has(this.lastKey)) {
        if (at > copyFrom) this.residual.push(chunk.subarray(copyFrom, at));
        this.beginFile(this.lastKey);
        at += 1;
        continue;
      }
      this.structureByte(byte);
      at += 1;
    }
    if (!this.poisoned && this.field === null && copyFrom < chunk.length) this.residual.push(chunk.subarray(copyFrom));
  }

  /** The residual document, once the body is complete (a file value left open leaves it invalid). */
  end(): Buffer {
    if (this.field !== null) {
      const field = this.field;
      this.field = null;
      this.sink.drop(field);
    }
    return this.poisoned ? INVALID_DOCUMENT : Buffer.concat(this.residual);
  }

  private atTopLevel(): boolean {
    return this.depth === 1 && this.topIsObject;
  }

  // ------------------------------------------------------------ the document around file values

  private structureByte(byte: number): void {
    const top = this.atTopLevel();
    if (top && this.expect === 'value' && byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
      // A file member whose value is not a string: the readers will judge it.
      if (this.lastKey !== null && this.fields.has(this.lastKey)) this.sink.drop(this.lastKey);
      this.expect = 'other';
    }
    switch (byte) {
      case QUOTE:
        this.inString = true;
        this.key = top && this.expect === 'key' ? [] : null;
        return;
      case 0x7b: // {
      case 0x5b: // [
        if (this.depth === 0) this.topIsObject = byte === 0x7b;
        this.depth += 1;
        if (this.atTopLevel()) this.expect = 'key';
        return;
      case 0x7d: // }
      case 0x5d: // ]
        this.depth -= 1;
        return;
      case 0x3a: // :
        if (top) this.expect = this.expect === 'colon' ? 'value' : 'other';
        return;
      case 0x2c: // ,
        if (top) this.expect = 'key';
        return;
      default:
        return;
    }
  }

  /** A byte of a string that is not a file value (a key, another member's value, anything nested). */
  private stringByte(byte: number): void {
    if (this.key !== null && this.key.length <= MAX_KEY_BYTES) this.key.push(byte);
    if (this.escaped) {
      this.escaped = false;
      return;
    }
    if (byte === BACKSLASH) this.escaped = true;
    else if (byte === QUOTE) {
      this.inString = false;
      if (this.key !== null) {
        this.key.pop(); // the closing quote
        this.lastKey = keyOf(this.key);
        this.key = null;
        this.expect = 'colon';
      }
    }
  }

  // ------------------------------------------------------------ file values

  private beginFile(field: string): void {
    this.field = field;
    this.badText = false;
    this.escape = 'none';
    this.highSurrogate = false;
    this.utf8 = [];
    this.utf8Needed = 0;
    this.sink.begin(field);
    this.decoder = new LenientBase64Decoder((bytes) => this.sink.bytes(bytes));
  }

  /** Reads a file value from `at`; returns where it stopped (after its closing quote, or the chunk's end). */
  private fileBytes(chunk: Buffer, at: number): number {
    const decoder = this.decoder!;
    while (at < chunk.length) {
      if (this.utf8Needed > 0) {
        at = this.utf8Byte(chunk[at]!, at);
        continue;
      }
      if (this.escape !== 'none') {
        this.escapeByte(chunk[at]!);
        if (this.poisoned) return chunk.length;
        at += 1;
        continue;
      }
      // Plain characters up to the next quote or backslash go to the decoder in one run.
      if (this.nextQuote !== -1 && this.nextQuote < at) this.nextQuote = chunk.indexOf(QUOTE, at);
      if (this.nextBackslash !== -1 && this.nextBackslash < at) this.nextBackslash = chunk.indexOf(BACKSLASH, at);
      const stop = Math.min(this.nextQuote === -1 ? chunk.length : this.nextQuote, this.nextBackslash === -1 ? chunk.length : this.nextBackslash);
      if (at < stop) {
        if (this.highSurrogate) this.loneSurrogate();
        const taken = decoder.bytes(chunk, at, stop);
        if (taken < stop) {
          at = this.specialByte(chunk[taken]!, taken);
          if (this.poisoned) return chunk.length;
        } else at = stop;
        continue;
      }
      if (chunk[at] === BACKSLASH) {
        this.escape = 'started';
        at += 1;
        continue;
      }
      // The closing quote.
      this.closeFile();
      return at + 1;
    }
    return at;
  }

  /** A control character (not JSON), DEL, or the first byte of a multi-byte character. */
  private specialByte(byte: number, at: number): number {
    if (byte < 0x20) {
      this.poison();
      return at;
    }
    if (this.highSurrogate) this.loneSurrogate();
    if (byte === 0x7f) this.decoder!.char(byte);
    else if (byte >= 0xc2 && byte <= 0xf4) {
      this.utf8 = [byte];
      this.utf8Needed = byte < 0xe0 ? 1 : byte < 0xf0 ? 2 : 3;
    } else this.decoder!.char(0xfffd); // not the start of a UTF-8 character: U+FFFD once decoded
    return at + 1;
  }

  /** A continuation byte, or the end of a cut character (then the byte is read again on its own). */
  private utf8Byte(byte: number, at: number): number {
    if ((byte & 0xc0) !== 0x80) {
      this.utf8Needed = 0;
      this.decoder!.char(0xfffd);
      return at;
    }
    this.utf8.push(byte);
    this.utf8Needed -= 1;
    if (this.utf8Needed === 0) {
      // Decoded as the JSON parser will (overlong forms and surrogates become U+FFFD): only blanks matter.
      const text = Buffer.from(this.utf8).toString('utf8');
      this.decoder!.char(text.length === 1 ? text.charCodeAt(0) : 0xfffd);
    }
    return at + 1;
  }

  private escapeByte(byte: number): void {
    if (this.escape === 'started') {
      if (byte === 0x75) {
        this.escape = 'unicode';
        this.hex = '';
        return;
      }
      const code = SIMPLE_ESCAPES[byte];
      if (code === undefined) return this.poison();
      this.escape = 'none';
      this.character(code);
      return;
    }
    const digit = String.fromCharCode(byte);
    if (!/^[0-9A-Fa-f]$/.test(digit)) return this.poison();
    this.hex += digit;
    if (this.hex.length < 4) return;
    this.escape = 'none';
    this.character(parseInt(this.hex, 16));
  }

  /** A character written as an escape: checked by the text rule, then decoded. */
  private character(code: number): void {
    if (code >= 0xdc00 && code <= 0xdfff) {
      if (this.highSurrogate) {
        this.highSurrogate = false;
        this.decoder!.char(0x10000); // a character beyond the BMP: not base64
      } else this.badText = true;
      return;
    }
    if (this.highSurrogate) this.loneSurrogate();
    if (code >= 0xd800 && code <= 0xdbff) {
      this.highSurrogate = true;
      return;
    }
    if (refusedControl(code)) this.badText = true;
    this.decoder!.char(code);
  }

  private loneSurrogate(): void {
    this.highSurrogate = false;
    this.badText = true;
  }

  private closeFile(): void {
    const field = this.field!;
    // A cut multi-byte character was already ended by the quote (utf8Byte).
    if (this.highSurrogate) this.loneSurrogate();
    this.field = null;
    const outcome: Base64Outcome = this.decoder!.finish();
    const size = this.decoder!.size;
    this.decoder = null;
    if (this.badText) {
      this.residual.push(INVALID_TEXT_PLACEHOLDER);
      this.sink.drop(field);
    } else if (outcome === 'blank') {
      this.residual.push(BLANK_PLACEHOLDER);
      this.sink.drop(field);
    } else {
      this.residual.push(FILE_PLACEHOLDER);
      this.sink.end(field, outcome === 'invalid' ? { kind: 'invalid' } : { kind: 'decoded', size });
    }
    this.expect = 'other';
  }

  private poison(): void {
    this.poisoned = true;
    if (this.field !== null) {
      const field = this.field;
      this.field = null;
      this.sink.drop(field);
    }
  }
}

/** A key as JSON.parse reads it (escapes included); null when it cannot be a file member's name. */
function keyOf(raw: number[]): string | null {
  if (raw.length > MAX_KEY_BYTES) return null;
  const bytes = Buffer.from(raw);
  if (!raw.includes(BACKSLASH)) return bytes.toString('utf8');
  try {
    return JSON.parse(`"${bytes.toString('utf8')}"`) as string;
  } catch {
    return null;
  }
}
