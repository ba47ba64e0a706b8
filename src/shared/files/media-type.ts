/**
 * The one magic-byte check: what a file really is, from its first bytes (never from its name or the
 * declared type). Each context decides which of these it accepts; 16 bytes (`ReceivedFile.head`, the
 * store's `describe`) are enough for every type here.
 */
export type SniffedMediaType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/gif' | 'application/zip' | 'application/gzip' | 'application/xml';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function sniffMediaType(head: Buffer): SniffedMediaType | null {
  const latin1 = (n: number): string => (head.length >= n ? head.subarray(0, n).toString('latin1') : '');
  if (latin1(5) === '%PDF-') return 'application/pdf';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG)) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (latin1(6) === 'GIF87a' || latin1(6) === 'GIF89a') return 'image/gif';
  if (latin1(4) === 'PK\x03\x04') return 'application/zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'application/gzip';
  if (looksLikeXml(head)) return 'application/xml';
  return null;
}

export const isPdf = (head: Buffer): boolean => sniffMediaType(head) === 'application/pdf';

/**
 * An XML document (UBL, CII): an optional UTF-8 BOM, optional whitespace, then `<?xml` or an element
 * (`<` and a name start). Not a proof of well-formedness: the readers parse it.
 */
function looksLikeXml(head: Buffer): boolean {
  let text = (head.subarray(0, 3).equals(UTF8_BOM) ? head.subarray(3) : head).toString('latin1');
  text = text.replace(/^[ \t\r\n]+/, '');
  return text.startsWith('<?xml') || /^<[A-Za-z_]/.test(text);
}

/** `type/subtype` in RFC 6838's restricted-name characters, without parameters. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/**
 * A client's declared type as a file keeps it and its download serves it (Content-Type): a plain
 * `type/subtype`, lower case, parameters dropped; anything else (a line break, which would make the header
 * unwritable and the file undownloadable, or no type at all) `application/octet-stream`.
 */
export function declaredMediaType(value: string | null | undefined): string {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}
