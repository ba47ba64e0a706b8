import { constants, inflateSync } from 'node:zlib';
import {
  dictGet,
  expandObjectStreams,
  isDict,
  nameOf,
  parsePdfValue,
  resolve,
  scanPdfObjects,
  textOf,
  type PdfDict,
  type PdfObject,
  type PdfValue,
} from './pdf-objects';
import { errorCode, errorMessage } from './unknown-error';

/**
 * Extracts the CII XML embedded in a Factur-X / ZUGFeRD 2 / XRechnung PDF (PDF/A-3 attachment).
 * Hand-written on purpose: we only need "find the file specification named factur-x.xml, inflate its
 * stream", which a full PDF library would not make safer; every inflation here is size-capped.
 */

export const FACTURX_ATTACHMENT_NAMES: readonly string[] = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];
export const DEFAULT_MAX_PDF_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_EMBEDDED_XML_BYTES = 10 * 1024 * 1024;
/** Total inflated bytes allowed for object streams, which must be expanded to find dictionaries. */
const OBJECT_STREAM_BUDGET = 32 * 1024 * 1024;

export type FacturXErrorCode =
  | 'FACTURX_PDF_INVALID'
  | 'FACTURX_PDF_ENCRYPTED'
  | 'FACTURX_XML_NOT_FOUND'
  | 'FACTURX_XML_TOO_LARGE'
  | 'FACTURX_STREAM_UNSUPPORTED'
  | 'FACTURX_STREAM_CORRUPT';

export class FacturXError extends Error {
  constructor(
    readonly code: FacturXErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FacturXError';
  }
}

export interface FacturXOptions {
  maxPdfBytes?: number;
  maxXmlBytes?: number;
}

export interface FacturXAttachment {
  /** Attachment name as found in the PDF (e.g. factur-x.xml). */
  name: string;
  xml: Buffer;
}

/** `%PDF-` must appear within the first 1024 bytes (PDF 32000 §7.5.2, as readers tolerate). */
export function isPdf(content: Buffer): boolean {
  return content.subarray(0, 1024).includes('%PDF-');
}

export function extractFacturXXml(pdf: Buffer, options: FacturXOptions = {}): FacturXAttachment {
  const maxPdfBytes = options.maxPdfBytes ?? DEFAULT_MAX_PDF_BYTES;
  const maxXmlBytes = options.maxXmlBytes ?? DEFAULT_MAX_EMBEDDED_XML_BYTES;
  if (!isPdf(pdf)) throw new FacturXError('FACTURX_PDF_INVALID', 'not a PDF file (no %PDF- header)');
  if (pdf.length > maxPdfBytes) {
    throw new FacturXError('FACTURX_PDF_INVALID', `PDF is ${pdf.length} bytes, limit is ${maxPdfBytes}`);
  }
  const objects = scanPdfObjects(pdf);
  if (objects.size === 0) throw new FacturXError('FACTURX_PDF_INVALID', 'no PDF object found');
  if (isEncrypted(pdf, objects)) throw new FacturXError('FACTURX_PDF_ENCRYPTED', 'encrypted PDF: attachments cannot be read');
  let found = findInvoiceAttachment(objects);
  if (!found) {
    expandObjectStreams(objects, objectStreamDecoder());
    found = findInvoiceAttachment(objects);
  }
  if (!found) {
    const others = attachmentNames(objects);
    const seen = others.length > 0 ? `; attachments found: ${others.join(', ')}` : '; the PDF has no attachment';
    throw new FacturXError('FACTURX_XML_NOT_FOUND', `no ${FACTURX_ATTACHMENT_NAMES.join(' / ')} attachment${seen}`);
  }
  return { name: found.name, xml: decodeStream(found.stream, maxXmlBytes) };
}

// ---------------------------------------------------------------- locating the attachment

interface FileSpec {
  name: string;
  spec: PdfDict;
}

/** File specifications are dictionaries with an /EF (embedded file) entry; /Type is optional. */
function fileSpecs(objects: ReadonlyMap<number, PdfObject>): FileSpec[] {
  const specs: FileSpec[] = [];
  for (const object of objects.values()) {
    const value = object.value;
    if (!isDict(value) || dictGet(value, 'EF') === undefined) continue;
    const name = textOf(dictGet(value, 'UF')) ?? textOf(dictGet(value, 'F'));
    if (name !== undefined) specs.push({ name, spec: value });
  }
  return specs;
}

function findInvoiceAttachment(objects: ReadonlyMap<number, PdfObject>): { name: string; stream: PdfObject } | undefined {
  const specs = fileSpecs(objects);
  for (const wanted of FACTURX_ATTACHMENT_NAMES) {
    const spec = specs.find((candidate) => baseName(candidate.name).toLowerCase() === wanted);
    const stream = spec && embeddedStream(objects, spec.spec);
    if (spec && stream) return { name: spec.name, stream };
  }
  return undefined;
}

function embeddedStream(objects: ReadonlyMap<number, PdfObject>, spec: PdfDict): PdfObject | undefined {
  const embedded = resolve(objects, dictGet(spec, 'EF'));
  const reference = dictGet(embedded, 'F') ?? dictGet(embedded, 'UF');
  if (typeof reference !== 'object' || reference === null || reference.kind !== 'ref') return undefined;
  const target = objects.get(reference.num);
  return target?.stream ? target : undefined;
}

function attachmentNames(objects: ReadonlyMap<number, PdfObject>): string[] {
  return [...new Set(fileSpecs(objects).map((spec) => spec.name))];
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** The trailer (classic or cross-reference stream) names an /Encrypt dictionary. */
function isEncrypted(pdf: Buffer, objects: ReadonlyMap<number, PdfObject>): boolean {
  for (const object of objects.values()) {
    if (nameOf(dictGet(object.value, 'Type')) === 'XRef' && dictGet(object.value, 'Encrypt') !== undefined) return true;
  }
  // Searched in the bytes (an ASCII keyword: byte offsets are the latin1 text's), not in a 1 MB string made for it.
  for (let at = pdf.indexOf('trailer'); at >= 0; at = pdf.indexOf('trailer', at + 7)) {
    if (dictGet(safeParse(pdf, at + 7), 'Encrypt') !== undefined) return true;
  }
  return false;
}

function safeParse(bytes: Buffer, offset: number): PdfValue | undefined {
  try {
    return parsePdfValue(bytes, offset);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- decoding

function filtersOf(dict: PdfValue): string[] {
  const filter = dictGet(dict, 'Filter');
  if (filter === undefined || filter === null) return [];
  if (typeof filter === 'object' && filter.kind === 'array') return filter.items.map((item) => nameOf(item) ?? '?');
  return [nameOf(filter) ?? '?'];
}

function hasPredictor(dict: PdfValue): boolean {
  const params = dictGet(dict, 'DecodeParms');
  const list = typeof params === 'object' && params !== null && params.kind === 'array' ? params.items : [params];
  return list.some((entry) => {
    const predictor = dictGet(entry, 'Predictor');
    return typeof predictor === 'number' && predictor > 1;
  });
}

/** Inflates a stream with a hard output cap; throws FacturXError with a precise code. */
function decodeStream(object: PdfObject, maxBytes: number): Buffer {
  const raw = object.stream ?? Buffer.alloc(0);
  const filters = filtersOf(object.value);
  if (filters.length === 0) {
    if (raw.length > maxBytes) throw tooLarge(maxBytes);
    return raw;
  }
  if (filters.length > 1 || !['FlateDecode', 'Fl'].includes(filters[0]) || hasPredictor(object.value)) {
    throw new FacturXError('FACTURX_STREAM_UNSUPPORTED', `unsupported stream filter ${filters.join(', ')}`);
  }
  return inflateBounded(raw, maxBytes);
}

function inflateBounded(raw: Buffer, maxBytes: number): Buffer {
  try {
    // Z_SYNC_FLUSH tolerates streams whose writer omitted the final checksum (common in the wild).
    return inflateSync(raw, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (error: unknown) {
    if (errorCode(error) === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw new FacturXError('FACTURX_STREAM_CORRUPT', `cannot inflate embedded stream: ${errorMessage(error)}`);
  }
}

function objectStreamDecoder(): (object: PdfObject) => Buffer {
  let budget = OBJECT_STREAM_BUDGET;
  return (object) => {
    if (budget <= 0) throw tooLarge(OBJECT_STREAM_BUDGET);
    const data = decodeStream(object, budget);
    budget -= data.length;
    return data;
  };
}

function tooLarge(maxBytes: number): FacturXError {
  return new FacturXError('FACTURX_XML_TOO_LARGE', `embedded data exceeds ${maxBytes} bytes`);
}
