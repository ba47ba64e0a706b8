import { isPdf } from './facturx';
import { findingOfFlowFatal, refusalReport, reportSyntaxOf } from './findings';
import { readFlow, type FlowDocument, type FlowSyntax } from './flow-reader';
import { reportOf, type ValidationReport } from './report';
import { detectXmlSyntax } from './xml-syntax';

export interface PreflightDocument {
  sourceName: string;
  /** BT-1, when the document could be read far enough. */
  invoiceNumber: string | null;
  report: ValidationReport;
}

export interface PreflightResult {
  /** The flow syntax the file was read as (given, or recognised from its content). */
  syntax: FlowSyntax;
  /** Set when nothing in the file could be read (empty, too large, not an archive…): no document then. */
  fatal: ValidationReport | null;
  documents: PreflightDocument[];
}

/** A Factur-X PDF, else a UBL or CII document by its root element (unknown XML is read as UBL and said so). */
export function recognisedSyntax(content: Buffer): FlowSyntax {
  if (isPdf(content)) return 'IN_DP_E2_CII_FACTURX';
  return detectXmlSyntax(content) === 'CII' ? 'IN_DP_E1_CII_16B' : 'IN_DP_E1_UBL_INVOICE';
}

/**
 * Validates a file as a deposit would, without depositing it: the same reader, the same EN 16931 rules,
 * the same findings. What depends on the platform's data (the recipient and its services, the number's
 * uniqueness) is checked at deposit only. Pure: no database.
 */
export async function preflight(content: Buffer, fileName: string, syntax?: FlowSyntax): Promise<PreflightResult> {
  const readAs = syntax ?? recognisedSyntax(content);
  const read = await readFlow({ syntax: readAs, fileName, content });
  if (read.fatal) return { syntax: readAs, fatal: reportOf([findingOfFlowFatal(read.fatal)], { completed: false }), documents: [] };
  return {
    syntax: readAs,
    fatal: null,
    documents: read.documents.map((document) => ({
      sourceName: document.sourceName,
      invoiceNumber: document.result.invoice?.number ?? null,
      report: documentReport(document, readAs),
    })),
  };
}

/** What the reader made of one document: its warnings once read, else every finding that refuses it. */
export function documentReport(document: FlowDocument, syntax: FlowSyntax): ValidationReport {
  const reportSyntax = reportSyntaxOf(syntax);
  if (document.result.ok) return reportOf(document.result.warnings ?? [], { syntax: reportSyntax, completed: true });
  return refusalReport(document.result, reportSyntax);
}
