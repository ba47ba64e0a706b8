import { parseXmlSafely } from '../safe-xml';
import { compilePattern, compileXPath, qualifiedName, XDocument, XPathDynamicError, XPathUnsupported, type XNode } from './xpath';

/** The XPath subset on a small CII-like tree (prefixes matter) and a UBL-like one (they do not). */

const CII = parseXmlSafely(`<rsm:Doc xmlns:rsm="urn:rsm" xmlns:ram="urn:ram" xmlns:udt="urn:udt" xmlns:qdt="urn:qdt">
  <rsm:Head><ram:ID schemeName="x">A-1</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:Head>
  <rsm:Body>
    <ram:Item><ram:LineID>1</ram:LineID><ram:Amount>10.005</ram:Amount><ram:Flag><udt:Indicator>false</udt:Indicator></ram:Flag>
      <ram:Date><udt:DateTimeString format="102">20260101</udt:DateTimeString></ram:Date></ram:Item>
    <ram:Item><ram:LineID>2</ram:LineID><ram:Amount>7</ram:Amount><ram:Flag><udt:Indicator>yes</udt:Indicator></ram:Flag>
      <ram:Formatted><qdt:DateTimeString format="102">2026-01-01</qdt:DateTimeString></ram:Formatted></ram:Item>
    <ram:Item><ram:LineID>1</ram:LineID><ram:Amount> 3 </ram:Amount></ram:Item>
    <ram:Code>A</ram:Code><ram:Code>a</ram:Code>
  </rsm:Body>
</rsm:Doc>`).root;

const ciiDocument = new XDocument(
  CII,
  (element, parent) =>
    parent === undefined || parent.parent?.kind === 'document'
      ? 'rsm'
      : element.name === 'DateTimeString'
        ? parent.name === 'Formatted'
          ? 'qdt'
          : 'udt'
        : element.name === 'Indicator'
          ? 'udt'
          : 'ram',
  true,
);

const ubl = new XDocument(
  parseXmlSafely(`<Invoice xmlns="urn:inv" xmlns:cac="urn:cac" xmlns:cbc="urn:cbc"><cbc:ID>F-1</cbc:ID>
  <cac:PaymentMeans><cbc:PaymentID>P1</cbc:PaymentID></cac:PaymentMeans>
  <cac:PaymentMeans><cbc:PaymentID>P1</cbc:PaymentID></cac:PaymentMeans>
  <cac:PaymentMeans><cbc:PaymentID>P2</cbc:PaymentID></cac:PaymentMeans></Invoice>`).root,
  (element, parent) => (parent === undefined ? '' : element.children.length > 0 ? 'cac' : 'cbc'),
  false,
);

const test = (source: string, document = ciiDocument, context: XNode = document.node): boolean => compileXPath(source).test(document, context);
const names = (source: string, document = ciiDocument): string[] =>
  compilePattern(source)
    .select(document, document.node)
    .map((node) => `${qualifiedName(node)}${node.kind === 'element' && node.children.length === 0 ? `=${node.text}` : ''}`);
const items = ciiDocument.named('Item');

describe('XPath subset', () => {
  it('selects paths, descendants, wildcards and unions in document order', () => {
    expect(names('/rsm:Doc/rsm:Head/ram:ID')).toEqual(['ram:ID=A-1']);
    expect(names('ram:LineID')).toEqual(['ram:LineID=1', 'ram:LineID=2', 'ram:LineID=1']);
    expect(names('ram:TypeCode | ram:ID')).toEqual(['ram:ID=A-1', 'ram:TypeCode=380']);
    expect(names("//ram:*[ends-with(name(), 'ID')]")).toEqual(['ram:ID=A-1', 'ram:LineID=1', 'ram:LineID=2', 'ram:LineID=1']);
    expect(names('(//ram:Item/ram:LineID)[2]')).toEqual(['ram:LineID=2']);
    expect(names('//ram:Item[2]/ram:Amount')).toEqual(['ram:Amount=7']);
  });

  it('tells prefixes apart where the syntax fixes them (CII), ignores them where it does not (UBL)', () => {
    expect(names("//udt:DateTimeString[@format = '102']")).toEqual(['udt:DateTimeString=20260101']);
    expect(names('//rsm:LineID')).toEqual([]);
    expect(names('//cbc:PaymentID', ubl)).toHaveLength(3);
    expect(names('/ubl:Invoice | /cn:CreditNote', ubl)).toEqual(['Invoice']);
  });

  it('compares the XPath 2.0 way: existential, untyped values cast to the other operand', () => {
    expect(test("//ram:Amount = '7'")).toBe(true);
    expect(test("//ram:Amount != '7'")).toBe(true);
    expect(test('//ram:Amount = 3')).toBe(true); // ' 3 ' kept trimmed, cast to a number
    expect(test("//ram:Missing != 'x'")).toBe(false); // nothing to compare
    expect(test('count(//ram:Item) = 3 and count(//ram:Item) - 1 <= 2')).toBe(true);
    expect(test('count(distinct-values(//ram:LineID)) = 2')).toBe(true);
    expect(test("upper-case((//ram:Code)[2]) = 'A' and normalize-space('  a  b ') = 'a b'")).toBe(true);
    expect(test("string-length(substring-after(//ram:Item[1]/ram:Amount, '.')) <= 2")).toBe(false);
    expect(test("matches(//udt:DateTimeString, '^\\s*(\\d{4})(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])\\s*$')")).toBe(true);
    expect(test('not(//ram:ID/@schemeName) or exists(//ram:Nothing)')).toBe(false);
  });

  it('walks the parent, ancestor, self and preceding axes', () => {
    const [first, second, third] = items as [XNode, XNode, XNode];
    expect(test('ancestor::rsm:Body and ../../rsm:Head/ram:TypeCode and not(../rsm:Head)', ciiDocument, first)).toBe(true);
    expect(test('self::ram:Item and not(self::ram:Code)', ciiDocument, first)).toBe(true);
    expect(test('preceding::ram:LineID/. = ram:LineID', ciiDocument, third)).toBe(true);
    expect(test('preceding::ram:LineID/. = ram:LineID', ciiDocument, second)).toBe(false);
    // One unique PaymentID (UBL-SR-44's test): P1 twice and P2 make two.
    expect(test('count(//cbc:PaymentID[not(preceding::cbc:PaymentID/. = .)]) <= 1', ubl)).toBe(false);
  });

  it('fails a test it cannot evaluate, and drops the node from a pattern whose predicate fails on it', () => {
    expect(() => test('//ram:Item[2]/ram:Flag/udt:Indicator = false()')).toThrow(XPathDynamicError);
    expect(() => test("upper-case(//ram:Code) = 'A'")).toThrow(XPathDynamicError);
    expect(names('ram:Item[ram:Flag/udt:Indicator = false()]/ram:LineID')).toEqual(['ram:LineID=1']);
  });

  it('refuses what it does not implement, at compile time', () => {
    for (const source of ['sum(//ram:Amount)', 'xs:decimal(ram:Amount)', '//ram:Item/text()', '(1, 2)', 'following::ram:X', 'a * 2']) {
      expect(() => compileXPath(source)).toThrow(XPathUnsupported);
    }
  });
});
