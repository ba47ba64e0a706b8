import { XMLParser } from 'fast-xml-parser';
import { TextDecoder } from 'node:util';
import { errorMessage } from './unknown-error';

/**
 * Safe XML parsing for deposited flows.
 *
 * Any DTD construct is refused *before* the parser sees the text: invoices never need one, and refusing
 * them removes XXE, external DTD fetches and entity-expansion bombs ("billion laughs") as a class.
 * Namespace prefixes are stripped so `cbc:ID`, `ubl:ID` or a default-namespace `ID` all read as `ID`;
 * the root element's namespace URI is kept because it is what identifies the syntax.
 */

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;
/** EN 16931 documents nest about 8 levels deep; 64 leaves room while bounding recursion. */
export const DEFAULT_MAX_XML_DEPTH = 64;

export type XmlErrorCode =
  | 'XML_EMPTY'
  | 'XML_TOO_LARGE'
  | 'XML_DTD_FORBIDDEN'
  | 'XML_ENCODING_UNSUPPORTED'
  | 'XML_MALFORMED';

export class XmlSafetyError extends Error {
  constructor(
    readonly code: XmlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XmlSafetyError';
  }
}

export interface XmlElement {
  /** Local name, namespace prefix removed. */
  readonly name: string;
  /** Attributes by local name (namespace declarations are dropped), values trimmed. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Direct text content (text and CDATA nodes joined), trimmed. */
  readonly text: string;
}

export interface ParsedXml {
  readonly root: XmlElement;
  /** Namespace URI of the root element, when declared. */
  readonly rootNamespace?: string;
}

export interface SafeXmlOptions {
  maxBytes?: number;
  maxDepth?: number;
}

const DTD_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i;

export function parseXmlSafely(input: string | Buffer, options: SafeXmlOptions = {}): ParsedXml {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) {
    throw new XmlSafetyError('XML_TOO_LARGE', `XML document is ${size} bytes, limit is ${maxBytes}`);
  }
  const text = typeof input === 'string' ? stripBom(input) : decodeXmlBytes(input);
  if (text.trim() === '') throw new XmlSafetyError('XML_EMPTY', 'XML document is empty');
  // Checked on decoded text so a UTF-16 document cannot hide its DOCTYPE between NUL bytes.
  if (DTD_DECLARATION.test(text)) {
    throw new XmlSafetyError('XML_DTD_FORBIDDEN', 'DOCTYPE/ENTITY declarations are not allowed');
  }
  const root = parseRoot(text, options.maxDepth ?? DEFAULT_MAX_XML_DEPTH);
  return { root, rootNamespace: readRootTag(text)?.namespace };
}

// ---------------------------------------------------------------- decoding

/** Decodes bytes following the XML rules: BOM first, then the declared encoding, UTF-8 by default. */
export function decodeXmlBytes(bytes: Buffer): string {
  const bomEncoding = encodingFromBom(bytes);
  if (bomEncoding) return decodeWith(bomEncoding.label, bytes.subarray(bomEncoding.skip));
  const declared = declaredEncoding(bytes.subarray(0, 256).toString('latin1'));
  return decodeWith(declared ?? 'utf-8', bytes);
}

function encodingFromBom(bytes: Buffer): { label: string; skip: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { label: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { label: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { label: 'utf-16be', skip: 2 };
  // BOM-less UTF-16 still starts with "<?" in one byte order or the other.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f) return { label: 'utf-16le', skip: 0 };
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00) return { label: 'utf-16be', skip: 0 };
  return undefined;
}

function declaredEncoding(head: string): string | undefined {
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1];
}

function decodeWith(label: string, bytes: Buffer): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new XmlSafetyError('XML_ENCODING_UNSUPPORTED', `unsupported XML encoding "${label}"`);
  }
  try {
    return stripBom(decoder.decode(bytes));
  } catch {
    throw new XmlSafetyError('XML_ENCODING_UNSUPPORTED', `bytes are not valid ${label}`);
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// ---------------------------------------------------------------- parsing

function createParser(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    // Values stay strings: amounts must be kept exactly as written, never turned into floats.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Only the five XML entities and numeric references exist once DTDs are refused; the
    // library's default cap of 1000 expansions would reject large invoices full of &apos;.
    processEntities: { enabled: true, maxTotalExpansions: Number.MAX_SAFE_INTEGER },
    htmlEntities: true,
    maxNestedTags: maxDepth,
  });
}

function parseRoot(text: string, maxDepth: number): XmlElement {
  let ordered: unknown;
  try {
    ordered = createParser(maxDepth).parse(text, true);
  } catch (error: unknown) {
    throw new XmlSafetyError('XML_MALFORMED', `malformed XML: ${errorMessage(error).slice(0, 200)}`);
  }
  const roots = toElements(ordered);
  if (roots.length !== 1) {
    throw new XmlSafetyError('XML_MALFORMED', `expected one root element, found ${roots.length}`);
  }
  return roots[0];
}

/** Converts fast-xml-parser's ordered output (`[{tag: [...], ':@': {...}}, {'#text': ...}]`). */
function toElements(ordered: unknown): XmlElement[] {
  if (!Array.isArray(ordered)) return [];
  const elements: XmlElement[] = [];
  for (const item of ordered) {
    const element = toElement(item);
    if (element) elements.push(element);
  }
  return elements;
}

function toElement(item: unknown): XmlElement | undefined {
  if (!isRecord(item)) return undefined;
  const name = Object.keys(item).find((key) => key !== ':@' && key !== '#text');
  if (name === undefined) return undefined;
  const content = item[name];
  return {
    name,
    attributes: toAttributes(item[':@']),
    children: toElements(content),
    text: directText(content),
  };
}

function toAttributes(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  const entries = Object.entries(raw)
    .filter(([key]) => key !== '')
    .map(([key, value]): [string, string] => [key, String(value).trim()]);
  return Object.fromEntries(entries);
}

function directText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const node of content) {
    if (isRecord(node) && typeof node['#text'] === 'string') text += node['#text'];
  }
  return text.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------- root tag

export interface RootTag {
  readonly localName: string;
  readonly prefix?: string;
  readonly namespace?: string;
}

/**
 * Reads the root element's start tag without parsing the document (cheap syntax detection).
 * Skips the XML declaration, comments, processing instructions and a DOCTYPE.
 */
export function readRootTag(text: string): RootTag | undefined {
  const body = stripBom(text);
  const start = findRootStart(body);
  if (start === undefined) return undefined;
  const end = body.indexOf('>', start);
  if (end < 0) return undefined;
  const tag = body.slice(start + 1, end);
  const qname = /^([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?/.exec(tag);
  if (!qname) return undefined;
  const prefix = qname[2] === undefined ? undefined : qname[1];
  const localName = qname[2] ?? qname[1];
  const namespaces = namespaceDeclarations(tag);
  return { localName, prefix, namespace: namespaces.get(prefix ?? '') };
}

function findRootStart(text: string): number | undefined {
  let index = 0;
  while (index < text.length) {
    const lt = text.indexOf('<', index);
    if (lt < 0) return undefined;
    const next = skipNonElement(text, lt);
    if (next === lt) return lt;
    if (next < 0) return undefined;
    index = next;
  }
  return undefined;
}

/** Returns the index after a prolog construct starting at `lt`, or `lt` itself for an element. */
function skipNonElement(text: string, lt: number): number {
  if (text.startsWith('<?', lt)) return endAfter(text, '?>', lt);
  if (text.startsWith('<!--', lt)) return endAfter(text, '-->', lt);
  if (text.startsWith('<!', lt)) {
    const subsetEnd = text.indexOf(']>', lt);
    const plainEnd = text.indexOf('>', lt);
    const hasSubset = text.indexOf('[', lt) >= 0 && text.indexOf('[', lt) < plainEnd;
    return hasSubset ? endAfter(text, ']>', lt, subsetEnd) : endAfter(text, '>', lt, plainEnd);
  }
  return lt;
}

function endAfter(text: string, marker: string, from: number, known?: number): number {
  const at = known ?? text.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

function namespaceDeclarations(tag: string): Map<string, string> {
  const namespaces = new Map<string, string>();
  const pattern = /\bxmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let match = pattern.exec(tag); match; match = pattern.exec(tag)) {
    namespaces.set(match[1] ?? '', (match[2] ?? match[3] ?? '').trim());
  }
  return namespaces;
}
