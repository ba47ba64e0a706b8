/**
 * Base64 decoded as it arrives, with the leniency of the /cpro readers (`base64File`): leading and
 * trailing blanks, blanks anywhere inside (any JavaScript `\s`), a `data:…,` prefix, the URL-safe
 * alphabet, missing padding; at most two `=` and only at the end. The bytes are those `Buffer.from(…,
 * 'base64')` gives for the same text: a trailing group of 2 or 3 characters gives 1 or 2 bytes, a lone
 * trailing character none.
 *
 * Fed with characters one at a time (`char`, for escapes and multi-byte characters) or with runs of bytes
 * (`bytes`): runs of plain alphabet characters are decoded by Node's native decoder, 4-character aligned,
 * the 0–3 characters left over carried to the next run.
 */

/** Per byte: 0–63 an alphabet value (both alphabets), or one of these classes. */
const BLANK = 64;
const PAD = 65;
const OTHER = 66;
const CLASS = new Uint8Array(256).fill(OTHER);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (CLASS[c.charCodeAt(0)] = i));
CLASS[0x2d] = 62; // '-'
CLASS[0x5f] = 63; // '_'
CLASS[0x3d] = PAD;
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) CLASS[c] = BLANK;
/** Bytes `bytes` does not take: control characters and the bytes of multi-byte UTF-8 characters. */
const SPECIAL = new Uint8Array(256);
for (let b = 0; b < 256; b++) SPECIAL[b] = b < 0x20 || b >= 0x7f ? 1 : 0;

/** What JavaScript's `\s` matches (String.prototype.trim removes the same). */
export function isJsBlank(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

const DATA = 'data:';

export type Base64Outcome = 'blank' | 'invalid' | 'decoded';

export class LenientBase64Decoder {
  /** Bytes decoded so far. */
  size = 0;
  private invalid = false;
  /** Any character other than a blank was seen: the value is not blank (trimmed, not empty). */
  private content = false;
  /** `=` seen so far (then only blanks may follow). */
  private pads = 0;
  /** Alphabet characters not decoded yet (fewer than 4). */
  private carry = '';
  /** The `data:` prefix: still possible (`matched` characters of it seen), being skipped up to its comma, or settled. */
  private prefix: 'open' | 'skipping' | 'settled' = 'open';
  private matched = 0;

  constructor(private readonly emit: (bytes: Buffer) => void) {}

  get isInvalid(): boolean {
    return this.invalid;
  }

  /** One character (a UTF-16 code unit or a code point; anything beyond ASCII is a blank or invalid). */
  char(code: number): void {
    if (this.invalid) return;
    if (this.prefix !== 'settled' && this.prefixChar(code)) return;
    this.bodyChar(code);
  }

  /**
   * Takes the bytes of [start, end) up to the first that is not a printable ASCII character (a control
   * character or a byte of a multi-byte character: the caller's to interpret) and returns its index, or
   * `end`. Once the value is invalid, bytes are only looked at for that.
   */
  bytes(buffer: Buffer, start: number, end: number): number {
    const at = this.prefix === 'settled' && !this.invalid && this.pads === 0 ? this.plainRun(buffer, start, end) : start;
    return at === end ? end : this.eachByte(buffer, at, end);
  }

  /**
   * The usual case, natively: a run of alphabet characters only. Node's decoder skips what is not in
   * either alphabet (blanks, '=', anything else), so 4n characters giving exactly 3n bytes were all
   * alphabet characters; otherwise nothing is taken and `eachByte` reads the run. Returns where it stopped.
   */
  private plainRun(buffer: Buffer, start: number, end: number): number {
    let at = start;
    while (this.carry.length > 0 && at < end && CLASS[buffer[at]!]! < 64) this.bodyChar(buffer[at++]!);
    if (this.carry.length > 0) return at;
    const aligned = at + (((end - at) >> 2) << 2);
    if (aligned === at) return at;
    const decoded = Buffer.from(buffer.toString('latin1', at, aligned), 'base64');
    if (decoded.length !== ((aligned - at) >> 2) * 3) return at;
    this.content = true;
    this.push(decoded);
    return aligned;
  }

  private eachByte(buffer: Buffer, start: number, end: number): number {
    let at = start;
    for (; at < end && !this.invalid && this.prefix !== 'settled'; at++) {
      if (SPECIAL[buffer[at]!]) return at;
      this.char(buffer[at]!);
    }
    if (this.invalid) {
      for (; at < end; at++) if (SPECIAL[buffer[at]!]) return at;
      return end;
    }
    // Runs of alphabet characters go to the native decoder; anything else (blank, '=', invalid) one by one.
    let run = at;
    for (; at < end; at++) {
      const byte = buffer[at]!;
      if (CLASS[byte]! < 64 && this.pads === 0) continue;
      if (at > run) this.decodeRun(buffer, run, at);
      if (SPECIAL[byte]) return at;
      this.bodyChar(byte);
      run = at + 1;
      if (this.invalid) {
        for (at += 1; at < end; at++) if (SPECIAL[buffer[at]!]) return at;
        return end;
      }
    }
    if (at > run) this.decodeRun(buffer, run, at);
    return end;
  }

  /** The value is complete: blank (nothing but blanks), invalid, or decoded (possibly to 0 bytes). */
  finish(): Base64Outcome {
    if (this.prefix === 'open' && this.matched > 0) this.replayPrefix();
    // "data:…" without its comma is not stripped, and ':' is not base64.
    if (this.prefix === 'skipping') this.invalid = true;
    if (this.invalid) return 'invalid';
    if (!this.content) return 'blank';
    // A last group of 2 or 3 characters is 1 or 2 bytes; of 1, nothing (as Node decodes it).
    if (this.carry.length > 1) this.push(Buffer.from(this.carry, 'base64'));
    this.carry = '';
    return 'decoded';
  }

  /** True when the character was taken by the prefix logic. */
  private prefixChar(code: number): boolean {
    if (this.prefix === 'skipping') {
      this.content = true;
      if (code === 0x2c) this.prefix = 'settled';
      return true;
    }
    // 'open': leading blanks, then "data:" or not.
    if (this.matched === 0 && isJsBlank(code)) return true;
    if (code === DATA.charCodeAt(this.matched)) {
      this.content = true;
      this.matched += 1;
      if (this.matched === DATA.length) this.prefix = 'skipping';
      return true;
    }
    this.replayPrefix();
    return false;
  }

  /** The characters taken as a possible prefix were data after all. */
  private replayPrefix(): void {
    const seen = this.matched;
    this.prefix = 'settled';
    this.matched = 0;
    for (let i = 0; i < seen; i++) this.bodyChar(DATA.charCodeAt(i));
  }

  private bodyChar(code: number): void {
    const kind = code < 0x80 ? CLASS[code]! : isJsBlank(code) ? BLANK : OTHER;
    if (kind === BLANK) return;
    this.content = true;
    if (kind === OTHER || (kind === PAD && this.pads === 2) || (kind < 64 && this.pads > 0)) {
      this.invalid = true;
      return;
    }
    if (kind === PAD) {
      this.pads += 1;
      return;
    }
    this.carry += String.fromCharCode(code);
    if (this.carry.length === 4) {
      this.push(Buffer.from(this.carry, 'base64'));
      this.carry = '';
    }
  }

  /** Alphabet characters only: completes the carried group, decodes the aligned middle natively, carries the rest. */
  private decodeRun(buffer: Buffer, start: number, end: number): void {
    this.content = true;
    let at = start;
    while (this.carry.length > 0 && at < end) this.bodyChar(buffer[at++]!);
    const aligned = at + (((end - at) >> 2) << 2);
    if (aligned > at) this.push(Buffer.from(buffer.toString('latin1', at, aligned), 'base64'));
    for (at = aligned; at < end; at++) this.carry += String.fromCharCode(buffer[at]!);
  }

  private push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    this.emit(bytes);
  }
}
