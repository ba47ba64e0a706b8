import type { FlowFatal, FlowFatalCode } from './flow-reader';
import type { InvoiceErrorCode, InvoiceParseError } from './normalised-invoice';
import { reportOf, type Finding, type FindingStage, type ValidationReport } from './report';

/**
 * What the readers say, as report findings: every `InvoiceParseError` and flow-level fatal error has a stable
 * rule id, a stage and, when the reader knows it, the business term and location. Pure: no Nest, no database.
 *
 * Rule ids: EN 16931's own where the reader enforces one of its rules (a missing BT-1 is BR-02), the French
 * CIUS's `BR-FR-…` where it is a French rule (a SIRET is 14 digits: BR-FR-09), otherwise ours (`LIASSE-…`).
 */

interface ReaderRule {
  rule: string;
  stage: FindingStage;
}

/** EN 16931 rules that make a business term mandatory (EN 16931-1, section 6.4). */
export const MANDATORY_TERM_RULES: Readonly<Record<string, string>> = {
  'BT-1': 'BR-02',
  'BT-2': 'BR-03',
  'BT-3': 'BR-04',
  'BT-5': 'BR-05',
  'BT-109': 'BR-13',
  'BT-112': 'BR-14',
  'BT-115': 'BR-15',
  'BT-126': 'BR-21',
  'BT-129': 'BR-22',
  'BT-131': 'BR-24',
  'BT-153': 'BR-25',
  'BT-146': 'BR-26',
  'BT-116': 'BR-45',
  'BT-117': 'BR-46',
  'BT-118': 'BR-47',
};

/** Every reader error code, with its rule and stage (a `Record` over the union: a new code does not compile without one). */
const READER_RULES: { readonly [C in InvoiceErrorCode]: ReaderRule } = {
  XML_EMPTY: { rule: 'LIASSE-XML-EMPTY', stage: 'file' },
  XML_TOO_LARGE: { rule: 'LIASSE-XML-TOO-LARGE', stage: 'file' },
  XML_DTD_FORBIDDEN: { rule: 'LIASSE-XML-DTD-FORBIDDEN', stage: 'file' },
  XML_ENCODING_UNSUPPORTED: { rule: 'LIASSE-XML-ENCODING', stage: 'file' },
  XML_MALFORMED: { rule: 'LIASSE-XML-MALFORMED', stage: 'file' },
  SYNTAX_MISMATCH: { rule: 'LIASSE-SYNTAX-MISMATCH', stage: 'file' },
  FIELD_MISSING: { rule: 'LIASSE-FIELD-MISSING', stage: 'en16931' },
  // Its finding (rule id, term, values) comes with the error: see findingOfParseError.
  EN16931_RULE: { rule: 'LIASSE-EN16931-RULE', stage: 'en16931' },
  FIELD_INVALID: { rule: 'LIASSE-FIELD-INVALID', stage: 'file' },
  INVOICE_TYPE_UNKNOWN: { rule: 'LIASSE-INVOICE-TYPE-UNKNOWN', stage: 'en16931' },
  SUPPLIER_ID_MISSING: { rule: 'LIASSE-SUPPLIER-ID-MISSING', stage: 'platform' },
  RECIPIENT_SIRET_MISSING: { rule: 'LIASSE-RECIPIENT-SIRET-MISSING', stage: 'platform' },
  SIRET_INVALID: { rule: 'BR-FR-09', stage: 'platform' },
  SIRET_CONFLICT: { rule: 'LIASSE-SIRET-CONFLICT', stage: 'platform' },
  FILE_TOO_LARGE: { rule: 'LIASSE-FILE-TOO-LARGE', stage: 'file' },
  FILE_TYPE_UNSUPPORTED: { rule: 'LIASSE-FILE-TYPE-UNSUPPORTED', stage: 'file' },
  FILE_UNEXPECTED: { rule: 'LIASSE-FILE-UNEXPECTED', stage: 'file' },
  PDF_WITHOUT_XML: { rule: 'LIASSE-PDF-WITHOUT-XML', stage: 'file' },
  PDF_AMBIGUOUS: { rule: 'LIASSE-PDF-AMBIGUOUS', stage: 'file' },
  CPP_FACTURE_MIN_UNSUPPORTED: { rule: 'LIASSE-CPP-FACTURE-MIN-UNSUPPORTED', stage: 'file' },
  FACTURX_PDF_INVALID: { rule: 'LIASSE-FACTURX-PDF-INVALID', stage: 'file' },
  FACTURX_PDF_ENCRYPTED: { rule: 'LIASSE-FACTURX-PDF-ENCRYPTED', stage: 'file' },
  FACTURX_XML_NOT_FOUND: { rule: 'LIASSE-FACTURX-XML-NOT-FOUND', stage: 'file' },
  FACTURX_XML_TOO_LARGE: { rule: 'LIASSE-FACTURX-XML-TOO-LARGE', stage: 'file' },
  FACTURX_STREAM_UNSUPPORTED: { rule: 'LIASSE-FACTURX-STREAM-UNSUPPORTED', stage: 'file' },
  FACTURX_STREAM_CORRUPT: { rule: 'LIASSE-FACTURX-STREAM-CORRUPT', stage: 'file' },
};

/** Errors that stop the reading of the document itself (nothing further can be checked): `fatal`. */
const FATAL_READER_CODES: ReadonlySet<InvoiceErrorCode> = new Set<InvoiceErrorCode>([
  'XML_EMPTY',
  'XML_TOO_LARGE',
  'XML_DTD_FORBIDDEN',
  'XML_ENCODING_UNSUPPORTED',
  'XML_MALFORMED',
  'SYNTAX_MISMATCH',
  'FILE_TOO_LARGE',
  'FILE_TYPE_UNSUPPORTED',
  'FILE_UNEXPECTED',
  'PDF_WITHOUT_XML',
  'PDF_AMBIGUOUS',
  'CPP_FACTURE_MIN_UNSUPPORTED',
  'FACTURX_PDF_INVALID',
  'FACTURX_PDF_ENCRYPTED',
  'FACTURX_XML_NOT_FOUND',
  'FACTURX_XML_TOO_LARGE',
  'FACTURX_STREAM_UNSUPPORTED',
  'FACTURX_STREAM_CORRUPT',
]);

const TERM_IN_TEXT = /\((B[TG]-\d+)\)/;

/** The business term of a reader error: its own field when set, else the `(BT-n)` its message names. */
function termOf(error: InvoiceParseError): string | undefined {
  if (error.businessTerm) return error.businessTerm;
  const named = TERM_IN_TEXT.exec(error.message_en)?.[1];
  if (named) return named;
  if (error.code === 'SIRET_INVALID' || error.code === 'SIRET_CONFLICT' || error.code === 'SUPPLIER_ID_MISSING' || error.code === 'RECIPIENT_SIRET_MISSING') {
    return partyTerm(error);
  }
  return undefined;
}

/** Seller identifier BT-29, buyer identifier BT-46, told apart by the element the error points at. */
function partyTerm(error: InvoiceParseError): string | undefined {
  const where = `${error.path ?? ''} ${error.message_en}`;
  if (/Supplier|Seller|supplier/.test(where)) return 'BT-29';
  if (/Customer|Buyer|recipient/.test(where)) return 'BT-46';
  return undefined;
}

/** One finding per reader error (a document's parse errors, in order). */
export function findingOfParseError(error: InvoiceParseError): Finding {
  // A rule the reader checked itself (EN 16931 calculation rules) carries its finding whole.
  if (error.finding) return error.finding;
  const known = READER_RULES[error.code];
  const term = termOf(error);
  const mandatory = error.code === 'FIELD_MISSING' && term ? MANDATORY_TERM_RULES[term] : undefined;
  const rule = mandatory ?? known?.rule ?? `LIASSE-${error.code.replace(/_/g, '-')}`;
  const finding: Finding = {
    rule,
    stage: known?.stage ?? 'file',
    severity: FATAL_READER_CODES.has(error.code) ? 'fatal' : 'error',
    message: { fr: error.message_fr, en: error.message_en },
  };
  if (error.path) finding.location = error.path;
  if (term) finding.businessTerm = term;
  const values = { code: error.code, ...(error.values ?? {}) };
  finding.values = values;
  return finding;
}

export function findingsOfParseErrors(errors: readonly InvoiceParseError[]): Finding[] {
  return errors.map(findingOfParseError);
}

const FLOW_FATAL_RULES: { readonly [C in FlowFatalCode]: string } = {
  FLOW_SYNTAX_UNKNOWN: 'LIASSE-FLOW-SYNTAX-UNKNOWN',
  FLOW_EMPTY: 'LIASSE-FLOW-EMPTY',
  FLOW_TOO_LARGE: 'LIASSE-FLOW-TOO-LARGE',
  ARCHIVE_TOO_LARGE: 'LIASSE-ARCHIVE-TOO-LARGE',
  ARCHIVE_ENTRY_TOO_LARGE: 'LIASSE-ARCHIVE-ENTRY-TOO-LARGE',
  ARCHIVE_TOO_MANY_ENTRIES: 'LIASSE-ARCHIVE-TOO-MANY-ENTRIES',
  ARCHIVE_UNSAFE_PATH: 'LIASSE-ARCHIVE-UNSAFE-PATH',
  ARCHIVE_LINK_FORBIDDEN: 'LIASSE-ARCHIVE-LINK-FORBIDDEN',
  ARCHIVE_UNSUPPORTED_ENTRY: 'LIASSE-ARCHIVE-UNSUPPORTED-ENTRY',
  ARCHIVE_CORRUPT: 'LIASSE-ARCHIVE-CORRUPT',
};

/** A flow that cannot be opened at all (unknown syntax, empty, too large, unreadable archive): one fatal finding. */
export function findingOfFlowFatal(fatal: FlowFatal): Finding {
  return {
    rule: FLOW_FATAL_RULES[fatal.code] ?? `LIASSE-${fatal.code.replace(/_/g, '-')}`,
    stage: 'file',
    severity: 'fatal',
    message: { fr: fatal.message, en: fatal.message_en },
    values: { code: fatal.code },
  };
}

/** What a report says a flow's document was read as: FACTURX for a Factur-X flow, else UBL or CII (CPPFactureMin: either). */
export function reportSyntaxOf(flowSyntax: string): string | undefined {
  if (flowSyntax === 'IN_DP_E2_CII_FACTURX') return 'FACTURX';
  if (flowSyntax.includes('UBL')) return 'UBL';
  if (flowSyntax.includes('CII')) return 'CII';
  return undefined;
}

/**
 * The report of a document the reader refused. Read whole and refused by a rule (`invoice` set), its checks ran
 * to their end; unreadable, they stopped early. Never valid either way.
 */
export function refusalReport(refused: { errors: readonly InvoiceParseError[]; invoice?: unknown }, syntax: string | undefined): ValidationReport {
  return reportOf(findingsOfParseErrors(refused.errors), { syntax, completed: refused.invoice !== undefined });
}
