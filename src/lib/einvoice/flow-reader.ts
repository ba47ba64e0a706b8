import {
  ArchiveError,
  gunzipBounded,
  isGzip,
  isTar,
  readTar,
  resolveArchiveLimits,
  type ArchiveErrorCode,
  type ArchiveLimits,
} from './archive';
import { parseCiiDocument } from './cii-invoice.parser';
import { EN16931_GUIDELINE } from './cii-invoice.writer';
import { extractFacturXXml, FacturXError, isPdf, type FacturXErrorCode } from './facturx';
import {
  invoiceError,
  type InvoiceParseError,
  type InvoiceParseResult,
  type NormalisedInvoice,
  type XmlInvoiceParseOptions,
} from './normalised-invoice';
import { validateEn16931Tree } from './en16931';
import { isRefusing, type Finding } from './report';
import type { XmlElement } from './safe-xml';
import { parseUblDocument } from './ubl-invoice.parser';
import { parseXmlDocument } from './xml-document';
import { syntaxOfRoot } from './xml-syntax';

/**
 * Turns a deposited flow (`deposer/flux`) into one result per invoice document. Pure and synchronous:
 * the worker stores the invoices and builds `listeErreurDP` from the per-document errors; `fatal` means
 * nothing in the flow can be processed (IN_REJETE).
 */

export const FLOW_SYNTAXES = [
  'IN_DP_E1_UBL_INVOICE',
  'IN_DP_E1_CII_16B',
  'IN_DP_E2_UBL_INVOICE_MIN',
  'IN_DP_E2_CII_MIN_16B',
  'IN_DP_E2_CPP_FACTURE_MIN',
  'IN_DP_E2_CII_FACTURX',
] as const;

export type FlowSyntax = (typeof FLOW_SYNTAXES)[number];

export function isFlowSyntax(value: string): value is FlowSyntax {
  return (FLOW_SYNTAXES as readonly string[]).includes(value);
}

export interface FlowInput {
  /** `syntaxeFlux` as sent by the client; validated here. */
  syntax: string;
  fileName: string;
  content: Buffer;
}

export interface FlowLimits extends ArchiveLimits {
  /** Whole deposited file (PISTE: 120 MB per flow). */
  maxFlowBytes: number;
}

export type FlowDocumentResult =
  | { ok: true; invoice: NormalisedInvoice; pdf: Buffer | undefined; pdfName?: string; warnings?: Finding[] }
  | { ok: false; errors: InvoiceParseError[]; invoice?: NormalisedInvoice };

export interface FlowDocument {
  /** File the document came from (archive path, or the deposited file name). */
  sourceName: string;
  result: FlowDocumentResult;
}

export type FlowFatalCode = 'FLOW_SYNTAX_UNKNOWN' | 'FLOW_EMPTY' | 'FLOW_TOO_LARGE' | ArchiveErrorCode;

export interface FlowFatal {
  code: FlowFatalCode;
  /** French text (the platform's `libelle`). */
  message: string;
  message_en: string;
}

export interface FlowReadResult {
  documents: FlowDocument[];
  fatal?: FlowFatal;
}

export function resolveFlowLimits(limits: Partial<FlowLimits> = {}): FlowLimits {
  return { maxFlowBytes: limits.maxFlowBytes ?? 120 * 1024 * 1024, ...resolveArchiveLimits(limits) };
}

export async function readFlow(input: FlowInput, limits: Partial<FlowLimits> = {}): Promise<FlowReadResult> {
  const resolved = resolveFlowLimits(limits);
  if (!isFlowSyntax(input.syntax)) return fatal(unknownSyntax(input.syntax));
  if (input.content.length === 0) return fatal(emptyFlow());
  if (input.content.length > resolved.maxFlowBytes) return fatal(flowTooLarge(input.content.length, resolved));
  const unpacked = await unpack(input, resolved);
  if ('fatal' in unpacked) return fatal(unpacked.fatal);
  const files = unpacked.files.filter((file) => !isOsMetadata(file.name));
  if (files.length === 0) return fatal(emptyFlow());
  return { documents: readDocuments(input.syntax, files, resolved) };
}

function fatal(error: FlowFatal): FlowReadResult {
  return { documents: [], fatal: error };
}

// ---------------------------------------------------------------- unpacking

interface FlowFile {
  name: string;
  content: Buffer;
}

async function unpack(input: FlowInput, limits: FlowLimits): Promise<{ files: FlowFile[] } | { fatal: FlowFatal }> {
  const fileName = input.fileName.trim() === '' ? 'flux' : input.fileName.trim();
  try {
    if (isGzip(input.content)) {
      const inflated = gunzipBounded(input.content, limits.maxInflatedBytes);
      // A gzipped single file (invoice.xml.gz) is accepted as well as a .tar.gz.
      return { files: isTar(inflated) ? await readTar(inflated, limits) : [{ name: withoutGz(fileName), content: inflated }] };
    }
    return { files: isTar(input.content) ? await readTar(input.content, limits) : [{ name: fileName, content: input.content }] };
  } catch (error: unknown) {
    if (error instanceof ArchiveError) return { fatal: archiveFatal(error) };
    throw error;
  }
}

function withoutGz(name: string): string {
  return name.replace(/\.gz$/i, '');
}

/** Finder/Explorer litter that archivers add (`._x.xml`, `__MACOSX/`, `.DS_Store`, `Thumbs.db`). */
function isOsMetadata(name: string): boolean {
  const segments = name.split('/');
  const base = segments[segments.length - 1];
  return segments.includes('__MACOSX') || base.startsWith('._') || base === '.DS_Store' || base === 'Thumbs.db';
}

// ---------------------------------------------------------------- per syntax

type FileKind = 'XML' | 'PDF' | 'OTHER';

function kindOf(content: Buffer): FileKind {
  if (isPdf(content)) return 'PDF';
  return looksLikeXml(content) ? 'XML' : 'OTHER';
}

function looksLikeXml(content: Buffer): boolean {
  const utf16 = (content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff);
  if (utf16) return true;
  const head = content.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<');
}

function readDocuments(syntax: FlowSyntax, files: FlowFile[], limits: FlowLimits): FlowDocument[] {
  switch (syntax) {
    case 'IN_DP_E1_UBL_INVOICE':
    case 'IN_DP_E1_CII_16B':
      return files.map((file) => readStructuredFile(syntax, file, limits));
    case 'IN_DP_E2_UBL_INVOICE_MIN':
    case 'IN_DP_E2_CII_MIN_16B':
    case 'IN_DP_E2_CPP_FACTURE_MIN':
      return readXmlWithPdf(syntax, files, limits);
    case 'IN_DP_E2_CII_FACTURX':
      return files.map((file) => readFacturXFile(file, limits));
  }
}

/** E1: structured XML only. */
function readStructuredFile(syntax: FlowSyntax, file: FlowFile, limits: FlowLimits): FlowDocument {
  const kind = kindOf(file.content);
  if (kind !== 'XML') return failed(file.name, kind === 'PDF' ? unexpectedPdf(syntax) : unsupportedFile(file.name));
  return withPdf(file.name, parseForSyntax(syntax, file.content, limits), undefined);
}

/**
 * E2: each XML is paired with the PDF of the same base name (invoice-1.xml ↔ invoice-1.pdf); a lone
 * pair is matched whatever the names. An XML without PDF is accepted (`pdf: undefined`); a PDF
 * without XML cannot be read and is reported.
 */
function readXmlWithPdf(syntax: FlowSyntax, files: FlowFile[], limits: FlowLimits): FlowDocument[] {
  const kinds = new Map(files.map((file) => [file, kindOf(file.content)]));
  const xmls = files.filter((file) => kinds.get(file) === 'XML');
  const pdfs = files.filter((file) => kinds.get(file) === 'PDF');
  const others = files.filter((file) => kinds.get(file) === 'OTHER');
  const used = new Set<FlowFile>();
  const documents = xmls.map((xml) => {
    const candidates = xmls.length === 1 && pdfs.length === 1 ? pdfs : pdfs.filter((pdf) => stem(pdf.name) === stem(xml.name));
    candidates.forEach((pdf) => used.add(pdf));
    if (candidates.length > 1) return failed(xml.name, ambiguousPdf(xml.name, candidates));
    return withPdf(xml.name, parseForSyntax(syntax, xml.content, limits), candidates[0]);
  });
  const orphans = pdfs.filter((pdf) => !used.has(pdf)).map((pdf) => failed(pdf.name, pdfWithoutXml(pdf.name)));
  const unsupported = others.map((file) => failed(file.name, unsupportedFile(file.name)));
  return [...documents, ...orphans, ...unsupported];
}

/** Factur-X: the PDF is the invoice; its embedded CII gives the data. */
function readFacturXFile(file: FlowFile, limits: FlowLimits): FlowDocument {
  const kind = kindOf(file.content);
  if (kind === 'XML') return failed(file.name, xmlInsteadOfFacturX());
  if (kind === 'OTHER') return failed(file.name, unsupportedFile(file.name));
  if (file.content.length > limits.maxEntryBytes) return failed(file.name, fileTooLarge(file.content.length, limits));
  let xml: Buffer;
  try {
    xml = extractFacturXXml(file.content, { maxPdfBytes: limits.maxEntryBytes, maxXmlBytes: limits.maxEntryBytes }).xml;
  } catch (error: unknown) {
    if (error instanceof FacturXError) return failed(file.name, facturXError(error));
    throw error;
  }
  const parsed = parseExpected('CII', xml, { maxBytes: limits.maxEntryBytes }, 'by-profile');
  return withPdf(file.name, parsed, file);
}

function withPdf(sourceName: string, result: InvoiceParseResult, pdf: FlowFile | undefined): FlowDocument {
  if (!result.ok) return { sourceName, result };
  const base = { ok: true as const, invoice: result.invoice, pdf: pdf?.content, ...(result.warnings?.length ? { warnings: result.warnings } : {}) };
  return { sourceName, result: pdf ? { ...base, pdfName: pdf.name } : base };
}

function failed(sourceName: string, error: InvoiceParseError): FlowDocument {
  return { sourceName, result: { ok: false, errors: [error] } };
}

function stem(name: string): string {
  const base = name.split('/').pop() ?? name;
  return base.replace(/\.[^.]*$/, '').toLowerCase();
}

// ---------------------------------------------------------------- XML dispatch

type ExpectedXml = 'UBL' | 'CII' | 'UBL_OR_CII';

const EXPECTED_XML: Record<Exclude<FlowSyntax, 'IN_DP_E2_CII_FACTURX'>, ExpectedXml> = {
  IN_DP_E1_UBL_INVOICE: 'UBL',
  IN_DP_E2_UBL_INVOICE_MIN: 'UBL',
  IN_DP_E1_CII_16B: 'CII',
  IN_DP_E2_CII_MIN_16B: 'CII',
  // Chorus Pro's proprietary CPPFactureMin schema is not implemented: standard UBL/CII is accepted.
  IN_DP_E2_CPP_FACTURE_MIN: 'UBL_OR_CII',
};

function parseForSyntax(syntax: FlowSyntax, content: Buffer, limits: FlowLimits): InvoiceParseResult {
  if (content.length > limits.maxEntryBytes) {
    return { ok: false, errors: [fileTooLarge(content.length, limits)] };
  }
  const expected = syntax === 'IN_DP_E2_CII_FACTURX' ? 'CII' : EXPECTED_XML[syntax];
  return parseExpected(expected, content, { maxBytes: limits.maxEntryBytes }, EN16931_CHECKED[syntax]);
}

/**
 * Which flows are held to the EN 16931 rules (src/lib/einvoice/en16931): a UBL invoice always (its
 * customization, BT-24, is EN 16931's or a CIUS of it); a CII document (E1 or Factur-X) when its profile
 * is EN 16931's or one that contains it (BASIC, EN 16931, EXTENDED: BT-24 starts with
 * urn:cen.eu:en16931:2017), not MINIMUM or BASIC WL, which are not complete invoices; E2 "MIN" documents
 * accompany a PDF and are not complete invoices either.
 */
const EN16931_CHECKED: Record<FlowSyntax, 'always' | 'by-profile' | 'never'> = {
  IN_DP_E1_UBL_INVOICE: 'always',
  IN_DP_E1_CII_16B: 'by-profile',
  IN_DP_E2_CII_FACTURX: 'by-profile',
  IN_DP_E2_UBL_INVOICE_MIN: 'never',
  IN_DP_E2_CII_MIN_16B: 'never',
  IN_DP_E2_CPP_FACTURE_MIN: 'never',
};

function profileOf(root: XmlElement): string | undefined {
  const context = root.children.find((c) => c.name === 'ExchangedDocumentContext');
  const guideline = context?.children.find((c) => c.name === 'GuidelineSpecifiedDocumentContextParameter');
  return guideline?.children.find((c) => c.name === 'ID')?.text;
}

/**
 * The reader's result with the EN 16931 rules' findings: a refusing one (the artefacts' fatal rules) refuses
 * the document, keeping what was read; warnings go with the invoice into its report. A rule the reader's
 * own calculation rules already reported is not reported twice.
 */
function withEn16931(result: InvoiceParseResult, root: XmlElement, syntax: 'UBL' | 'CII'): InvoiceParseResult {
  const findings = validateEn16931Tree(root, syntax);
  if (findings.length === 0) return result;
  // The reader's calculation rules (BR-CO-10…17) and these locate the same failure slightly differently.
  const known = new Set(result.ok ? [] : result.errors.flatMap((e) => (e.finding ? [e.finding.rule] : [])));
  const refusing = findings.filter((f) => isRefusing(f) && !known.has(f.rule));
  const warnings = findings.filter((f) => !isRefusing(f));
  if (result.ok && refusing.length === 0) return { ...result, warnings };
  const errors: InvoiceParseError[] = refusing.map((finding) => ({
    code: 'EN16931_RULE' as const,
    message_fr: `[${finding.rule}] ${finding.message.fr}`,
    message_en: `[${finding.rule}] ${finding.message.en}`,
    ...(finding.location === undefined ? {} : { path: finding.location }),
    finding,
  }));
  if (result.ok) return { ok: false, errors, invoice: result.invoice };
  return { ...result, errors: [...result.errors, ...errors] };
}

function parseExpected(expected: ExpectedXml, xml: Buffer, options: XmlInvoiceParseOptions, checked: 'always' | 'by-profile' | 'never' = 'never'): InvoiceParseResult {
  const parsed = parseXmlDocument(xml, options.maxBytes);
  if (!parsed.ok) return parsed;
  const document = parsed.document;
  if (expected === 'UBL' || expected === 'CII') {
    const result = expected === 'UBL' ? parseUblDocument(document, options) : parseCiiDocument(document, options);
    // A document the reader could not read whole (a missing mandatory term…) is refused for that already.
    if (!result.ok && result.invoice === undefined) return result;
    const profile = expected === 'CII' ? profileOf(document.root) : undefined;
    const wanted = checked === 'always' || (checked === 'by-profile' && profile?.startsWith(EN16931_GUIDELINE) === true);
    return wanted ? withEn16931(result, document.root, expected) : result;
  }
  const found = syntaxOfRoot({ localName: document.root.name, namespace: document.rootNamespace });
  if (found === 'CII') return parseCiiDocument(document, options);
  if (found === 'UBL_INVOICE' || found === 'UBL_CREDIT_NOTE') return parseUblDocument(document, options);
  return { ok: false, errors: [cppFactureMinUnsupported(document.root.name)] };
}

/** Parses a standalone UBL or CII invoice, whichever it is (for callers outside flows). */
export function parseInvoiceXml(xml: string | Buffer, options: XmlInvoiceParseOptions = {}): InvoiceParseResult {
  const parsed = parseXmlDocument(xml, options.maxBytes);
  if (!parsed.ok) return parsed;
  const found = syntaxOfRoot({ localName: parsed.document.root.name, namespace: parsed.document.rootNamespace });
  return found === 'CII' ? parseCiiDocument(parsed.document, options) : parseUblDocument(parsed.document, options);
}

// ---------------------------------------------------------------- messages

function unknownSyntax(syntax: string): FlowFatal {
  const accepted = FLOW_SYNTAXES.join(', ');
  return {
    code: 'FLOW_SYNTAX_UNKNOWN',
    message: `syntaxe de flux inconnue : « ${syntax.slice(0, 60)} » (valeurs acceptées : ${accepted})`,
    message_en: `unknown flow syntax: "${syntax.slice(0, 60)}" (accepted values: ${accepted})`,
  };
}

function emptyFlow(): FlowFatal {
  return { code: 'FLOW_EMPTY', message: 'le flux ne contient aucun fichier', message_en: 'the flow contains no file' };
}

function flowTooLarge(size: number, limits: FlowLimits): FlowFatal {
  return {
    code: 'FLOW_TOO_LARGE',
    message: `flux trop volumineux : ${size} octets (maximum ${limits.maxFlowBytes})`,
    message_en: `flow too large: ${size} bytes (maximum ${limits.maxFlowBytes})`,
  };
}

const ARCHIVE_FR: Record<ArchiveErrorCode, string> = {
  ARCHIVE_TOO_LARGE: 'archive trop volumineuse une fois décompressée',
  ARCHIVE_ENTRY_TOO_LARGE: "un fichier de l'archive dépasse la taille maximale",
  ARCHIVE_TOO_MANY_ENTRIES: "l'archive contient trop de fichiers",
  ARCHIVE_UNSAFE_PATH: "chemin interdit dans l'archive (absolu ou contenant ..)",
  ARCHIVE_LINK_FORBIDDEN: "liens symboliques et physiques interdits dans l'archive",
  ARCHIVE_UNSUPPORTED_ENTRY: "type d'entrée non pris en charge dans l'archive",
  ARCHIVE_CORRUPT: 'archive illisible ou corrompue',
};

function archiveFatal(error: ArchiveError): FlowFatal {
  return { code: error.code, message: `${ARCHIVE_FR[error.code]} : ${error.message}`, message_en: error.message };
}

const FACTURX_FR: Record<FacturXErrorCode, string> = {
  FACTURX_PDF_INVALID: 'fichier PDF invalide',
  FACTURX_PDF_ENCRYPTED: 'PDF chiffré : le XML Factur-X ne peut pas être lu',
  FACTURX_XML_NOT_FOUND: 'aucun XML Factur-X (factur-x.xml) joint au PDF',
  FACTURX_XML_TOO_LARGE: 'XML Factur-X trop volumineux',
  FACTURX_STREAM_UNSUPPORTED: 'encodage du XML Factur-X non pris en charge',
  FACTURX_STREAM_CORRUPT: 'XML Factur-X illisible (flux compressé corrompu)',
};

function facturXError(error: FacturXError): InvoiceParseError {
  return invoiceError(error.code, `${FACTURX_FR[error.code]} : ${error.message}`, error.message);
}

function unexpectedPdf(syntax: FlowSyntax): InvoiceParseError {
  return invoiceError(
    'FILE_UNEXPECTED',
    `un PDF n'est pas attendu pour la syntaxe ${syntax} (XML structuré seul) ; utiliser une syntaxe E2 ou IN_DP_E2_CII_FACTURX`,
    `a PDF is not expected for syntax ${syntax} (structured XML only); use an E2 syntax or IN_DP_E2_CII_FACTURX`,
  );
}

function xmlInsteadOfFacturX(): InvoiceParseError {
  return invoiceError(
    'FILE_UNEXPECTED',
    'un PDF Factur-X est attendu pour la syntaxe IN_DP_E2_CII_FACTURX, pas un XML seul (utiliser IN_DP_E1_CII_16B)',
    'a Factur-X PDF is expected for syntax IN_DP_E2_CII_FACTURX, not a bare XML (use IN_DP_E1_CII_16B)',
  );
}

function unsupportedFile(name: string): InvoiceParseError {
  return invoiceError(
    'FILE_TYPE_UNSUPPORTED',
    `type de fichier non pris en charge pour « ${name} » (XML ou PDF attendu)`,
    `unsupported file type for "${name}" (XML or PDF expected)`,
  );
}

function fileTooLarge(size: number, limits: FlowLimits): InvoiceParseError {
  return invoiceError(
    'FILE_TOO_LARGE',
    `fichier trop volumineux : ${size} octets (maximum ${limits.maxEntryBytes})`,
    `file too large: ${size} bytes (maximum ${limits.maxEntryBytes})`,
  );
}

function pdfWithoutXml(name: string): InvoiceParseError {
  return invoiceError(
    'PDF_WITHOUT_XML',
    `le PDF « ${name} » n'a pas de XML associé (même nom de base attendu, ex. facture1.xml + facture1.pdf)`,
    `PDF "${name}" has no matching XML (same base name expected, e.g. invoice1.xml + invoice1.pdf)`,
  );
}

function ambiguousPdf(name: string, pdfs: FlowFile[]): InvoiceParseError {
  const names = pdfs.map((pdf) => pdf.name).join(', ');
  return invoiceError(
    'PDF_AMBIGUOUS',
    `plusieurs PDF correspondent à « ${name} » : ${names}`,
    `several PDFs match "${name}": ${names}`,
  );
}

function cppFactureMinUnsupported(root: string): InvoiceParseError {
  return invoiceError(
    'CPP_FACTURE_MIN_UNSUPPORTED',
    `racine « ${root} » : le format propriétaire CPP FactureMin n'est pas pris en charge ; envoyer une facture UBL ou CII`,
    `root "${root}": the proprietary CPP FactureMin format is not supported; send a UBL or CII invoice`,
    `/${root}`,
  );
}
