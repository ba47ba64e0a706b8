import { decodeXmlBytes, readRootTag, type RootTag } from './safe-xml';

export type XmlSyntax = 'UBL_INVOICE' | 'UBL_CREDIT_NOTE' | 'CII' | 'UNKNOWN';

export const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
export const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

const KNOWN_ROOTS: ReadonlyArray<{ localName: string; namespace: string; syntax: XmlSyntax }> = [
  { localName: 'Invoice', namespace: UBL_INVOICE_NS, syntax: 'UBL_INVOICE' },
  { localName: 'CreditNote', namespace: UBL_CREDIT_NOTE_NS, syntax: 'UBL_CREDIT_NOTE' },
  { localName: 'CrossIndustryInvoice', namespace: CII_NS, syntax: 'CII' },
];

/**
 * Identifies the syntax from the root element's local name *and* namespace URI, so any prefix works
 * but a look-alike root in another namespace (e.g. ZUGFeRD 1.0) is not mistaken for CII D16B.
 * Reads only the start tag: safe and cheap on untrusted input.
 */
export function detectXmlSyntax(xml: string | Buffer): XmlSyntax {
  let text: string;
  try {
    text = typeof xml === 'string' ? xml : decodeXmlBytes(xml);
  } catch {
    return 'UNKNOWN';
  }
  return syntaxOfRoot(readRootTag(text));
}

export function syntaxOfRoot(root: { localName: string; namespace?: string } | undefined): XmlSyntax {
  if (!root) return 'UNKNOWN';
  const known = KNOWN_ROOTS.find((k) => k.localName === root.localName && k.namespace === root.namespace);
  return known?.syntax ?? 'UNKNOWN';
}

export function describeRoot(root: RootTag | undefined): string {
  if (!root) return 'no root element';
  return root.namespace ? `${root.localName} (${root.namespace})` : `${root.localName} (no namespace)`;
}
