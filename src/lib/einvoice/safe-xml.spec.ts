import { fixture } from './__fixtures__/flow-fixtures';
import { parseXmlSafely, XmlSafetyError, type XmlErrorCode } from './safe-xml';
import { selectFirst, textAt } from './xml-query';
import { detectXmlSyntax } from './xml-syntax';

function errorCodeOf(run: () => unknown): XmlErrorCode | undefined {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof XmlSafetyError) return error.code;
    throw error;
  }
  return undefined;
}

const XXE = `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`;

describe('parseXmlSafely', () => {
  it('strips whatever namespace prefixes the writer chose and keeps the root namespace', () => {
    const xml = `<u:Invoice xmlns:u="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:b="urn:b">
      <b:ID schemeID="0009"> 12345678900010 </b:ID></u:Invoice>`;
    const { root, rootNamespace } = parseXmlSafely(xml);
    expect(root.name).toBe('Invoice');
    expect(rootNamespace).toBe('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2');
    expect(selectFirst(root, 'cbc:ID')?.attributes).toEqual({ schemeID: '0009' });
    expect(textAt(root, 'cbc:ID')).toBe('12345678900010');
  });

  it('keeps every value as the exact string written (no number coercion)', () => {
    const { root } = parseXmlSafely('<a><x>0010.50</x><y>1e3</y><z>-0.000</z></a>');
    expect([textAt(root, 'x'), textAt(root, 'y'), textAt(root, 'z')]).toEqual(['0010.50', '1e3', '-0.000']);
  });

  it('decodes the predefined entities, numeric references and CDATA', () => {
    const { root } = parseXmlSafely('<a><n>L&apos;huile &amp; cie &#233;&#x20AC; <![CDATA[<b>]]></n></a>');
    expect(textAt(root, 'n')).toBe("L'huile & cie é€ <b>");
  });

  it('accepts many predefined entities (no arbitrary expansion cap on them)', () => {
    const { root } = parseXmlSafely(`<a><n>${'&amp;'.repeat(5000)}</n></a>`);
    expect(textAt(root, 'n')).toHaveLength(5000);
  });

  it('refuses an XXE payload before parsing', () => {
    expect(errorCodeOf(() => parseXmlSafely(XXE))).toBe('XML_DTD_FORBIDDEN');
  });

  it('refuses a billion-laughs payload before parsing', () => {
    expect(errorCodeOf(() => parseXmlSafely(BILLION_LAUGHS))).toBe('XML_DTD_FORBIDDEN');
  });

  it('refuses an external DTD and a DOCTYPE hidden in UTF-16', () => {
    const external = '<?xml version="1.0"?><!DOCTYPE Invoice SYSTEM "http://evil.example/x.dtd"><Invoice/>';
    expect(errorCodeOf(() => parseXmlSafely(external))).toBe('XML_DTD_FORBIDDEN');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XXE.replace('<?xml version="1.0"?>', ''), 'utf16le')]);
    expect(errorCodeOf(() => parseXmlSafely(utf16))).toBe('XML_DTD_FORBIDDEN');
  });

  it('applies the size cap to the raw bytes', () => {
    const xml = `<a>${'x'.repeat(2000)}</a>`;
    expect(errorCodeOf(() => parseXmlSafely(xml, { maxBytes: 1000 }))).toBe('XML_TOO_LARGE');
    expect(errorCodeOf(() => parseXmlSafely(Buffer.from(xml), { maxBytes: 1000 }))).toBe('XML_TOO_LARGE');
    expect(errorCodeOf(() => parseXmlSafely(xml, { maxBytes: 5000 }))).toBeUndefined();
  });

  it('reports malformed documents, several roots and excessive nesting', () => {
    expect(errorCodeOf(() => parseXmlSafely('<a><b></a>'))).toBe('XML_MALFORMED');
    expect(errorCodeOf(() => parseXmlSafely('<a/><b/>'))).toBe('XML_MALFORMED');
    expect(errorCodeOf(() => parseXmlSafely('just text'))).toBe('XML_MALFORMED');
    expect(errorCodeOf(() => parseXmlSafely('   '))).toBe('XML_EMPTY');
    const deep = `${'<a>'.repeat(200)}${'</a>'.repeat(200)}`;
    expect(errorCodeOf(() => parseXmlSafely(deep))).toBe('XML_MALFORMED');
  });

  it('honours BOMs and the declared encoding', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>Société</a>', 'latin1');
    expect(parseXmlSafely(latin1).root.text).toBe('Société');
    const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>')]);
    expect(parseXmlSafely(utf8Bom).root.text).toBe('é');
    expect(parseXmlSafely('\uFEFF<a>x</a>').root.text).toBe('x');
  });

  it('refuses invalid bytes and unknown encodings', () => {
    expect(errorCodeOf(() => parseXmlSafely(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e])))).toBe(
      'XML_ENCODING_UNSUPPORTED',
    );
    expect(errorCodeOf(() => parseXmlSafely('<?xml version="1.0" encoding="x-klingon"?><a/>'))).toBeUndefined();
    expect(errorCodeOf(() => parseXmlSafely(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>')))).toBe(
      'XML_ENCODING_UNSUPPORTED',
    );
  });
});

describe('detectXmlSyntax', () => {
  it('recognises the samples', () => {
    expect(detectXmlSyntax(fixture('en16931/ubl/ubl-tc434-example1.xml'))).toBe('UBL_INVOICE');
    expect(detectXmlSyntax(fixture('en16931/ubl/ubl-tc434-creditnote1.xml'))).toBe('UBL_CREDIT_NOTE');
    expect(detectXmlSyntax(fixture('en16931/cii/CII_example1.xml'))).toBe('CII');
    expect(detectXmlSyntax(fixture('facturx/factur-x-minimum.xml'))).toBe('CII'); // starts with a BOM
  });

  it('resolves prefixes to namespaces instead of trusting names', () => {
    const ns = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
    expect(detectXmlSyntax(`<!-- c --><x:CrossIndustryInvoice xmlns:x="${ns}"/>`)).toBe('CII');
    expect(detectXmlSyntax(`<CrossIndustryInvoice xmlns="${ns}"/>`)).toBe('CII');
    expect(detectXmlSyntax('<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')).toBe(
      'UNKNOWN',
    );
    expect(detectXmlSyntax('<Invoice/>')).toBe('UNKNOWN');
    expect(detectXmlSyntax('%PDF-1.7')).toBe('UNKNOWN');
    expect(detectXmlSyntax(Buffer.from([0xff, 0xd8, 0xff]))).toBe('UNKNOWN');
  });
});
