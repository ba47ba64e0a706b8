import { invoiceError, type InvoiceParseError } from './normalised-invoice';
import { parseXmlSafely, XmlSafetyError, type ParsedXml, type XmlErrorCode } from './safe-xml';
import { describeRoot } from './xml-syntax';

/** Bridges the throwing safe parser to the never-throwing invoice parsers. */

export type XmlDocumentResult = { ok: true; document: ParsedXml } | { ok: false; errors: InvoiceParseError[] };

const XML_MESSAGES: Record<XmlErrorCode, { fr: string; en: string }> = {
  XML_EMPTY: { fr: 'document XML vide', en: 'empty XML document' },
  XML_TOO_LARGE: { fr: 'document XML trop volumineux', en: 'XML document too large' },
  XML_DTD_FORBIDDEN: {
    fr: 'déclaration DOCTYPE/ENTITY interdite (risque XXE)',
    en: 'DOCTYPE/ENTITY declarations are forbidden (XXE risk)',
  },
  XML_ENCODING_UNSUPPORTED: { fr: 'encodage XML non pris en charge', en: 'unsupported XML encoding' },
  XML_MALFORMED: { fr: 'XML mal formé', en: 'malformed XML' },
};

export function parseXmlDocument(xml: string | Buffer, maxBytes?: number): XmlDocumentResult {
  try {
    return { ok: true, document: parseXmlSafely(xml, { maxBytes }) };
  } catch (error: unknown) {
    if (!(error instanceof XmlSafetyError)) throw error;
    return { ok: false, errors: [xmlSafetyToInvoiceError(error)] };
  }
}

export function xmlSafetyToInvoiceError(error: XmlSafetyError): InvoiceParseError {
  const text = XML_MESSAGES[error.code];
  return invoiceError(error.code, `${text.fr} : ${error.message}`, `${text.en}: ${error.message}`);
}

export type ExpectedSyntax = 'UBL' | 'CII';

const EXPECTED: Record<ExpectedSyntax, { fr: string; en: string }> = {
  UBL: {
    fr: 'une facture ou un avoir UBL 2.1 (Invoice / CreditNote)',
    en: 'a UBL 2.1 invoice or credit note (Invoice / CreditNote)',
  },
  CII: { fr: 'une facture CII D16B (CrossIndustryInvoice)', en: 'a CII D16B invoice (CrossIndustryInvoice)' },
};

export function syntaxMismatch(expected: ExpectedSyntax, document: ParsedXml): InvoiceParseError {
  const found = describeRoot({ localName: document.root.name, namespace: document.rootNamespace });
  return invoiceError(
    'SYNTAX_MISMATCH',
    `le document n'est pas ${EXPECTED[expected].fr} : élément racine ${found}`,
    `the document is not ${EXPECTED[expected].en}: root element ${found}`,
    `/${document.root.name}`,
  );
}
