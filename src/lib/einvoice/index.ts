/**
 * Flow parsing for `deposer/flux`: pure functions, no NestJS, no database.
 * Entry point for the worker: `readFlow`. The other exports serve the other ways in (single XML
 * or Factur-X uploads) and tests.
 */
export { readFlow, parseInvoiceXml, isFlowSyntax, FLOW_SYNTAXES, resolveFlowLimits } from './flow-reader';
export type { FlowSyntax, FlowInput, FlowLimits, FlowDocument, FlowDocumentResult, FlowReadResult, FlowFatal, FlowFatalCode } from './flow-reader';
export { parseUblInvoice, parseUblDocument } from './ubl-invoice.parser';
export { parseCiiInvoice, parseCiiDocument } from './cii-invoice.parser';
export { writeCiiInvoice } from './cii-invoice.writer';
export { checkCalculationRules } from './calculation-rules';
export { detectXmlSyntax } from './xml-syntax';
export type { XmlSyntax } from './xml-syntax';
export { parseXmlSafely, XmlSafetyError, DEFAULT_MAX_XML_BYTES } from './safe-xml';
export type { ParsedXml, XmlElement, XmlErrorCode, SafeXmlOptions } from './safe-xml';
export { extractFacturXXml, FacturXError, isPdf, FACTURX_ATTACHMENT_NAMES } from './facturx';
export type { FacturXAttachment, FacturXErrorCode, FacturXOptions } from './facturx';
export { readArchive, readTar, gunzipBounded, isGzip, isTar, ArchiveError, DEFAULT_ARCHIVE_LIMITS } from './archive';
export type { ArchiveEntry, ArchiveErrorCode, ArchiveLimits } from './archive';
export type * from './normalised-invoice';
export { invoiceError } from './normalised-invoice';
export type { Finding, FindingSeverity, FindingStage, ValidationReport } from './report';
export { isRefusing, reportOf } from './report';
export { findingOfFlowFatal, findingOfParseError, findingsOfParseErrors, MANDATORY_TERM_RULES, refusalReport, reportSyntaxOf } from './findings';
export { writeUblInvoice } from './ubl-invoice.writer';
export type { InvoiceDocument, PostalAddress, DocumentSupplier, DocumentRecipient } from './invoice-document';
export * from './render';
export { validateEn16931, validateEn16931Tree, NATIVE_RULES } from './en16931';
export type { En16931Syntax } from './en16931';
export { documentReport, preflight, recognisedSyntax } from './preflight';
export type { PreflightDocument, PreflightResult } from './preflight';
