import { fixture, makePdf } from './__fixtures__/flow-fixtures';
import { extractFacturXXml, FacturXError, isPdf, type FacturXErrorCode } from './facturx';
import { detectXmlSyntax } from './xml-syntax';

const CII = fixture('facturx/factur-x-minimum.xml');

function facturXCode(run: () => unknown): FacturXErrorCode | undefined {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof FacturXError) return error.code;
    throw error;
  }
  return undefined;
}

describe('extractFacturXXml', () => {
  it('extracts the CII of the real Factur-X sample (PDF/A-3, two attachments)', () => {
    const { name, xml } = extractFacturXXml(fixture('facturx/invoice_EN16931.pdf'));
    expect(name).toBe('factur-x.xml');
    expect(xml).toHaveLength(41914); // /Params /Size of the embedded file
    expect(detectXmlSyntax(xml)).toBe('CII');
    expect(xml.toString('utf8')).toContain('<ram:ID>F20260023</ram:ID>');
  });

  it('reads escaped and UTF-16 file names, uncompressed streams and other accepted names', () => {
    const octal = makePdf({ attachments: [{ name: 'factur-x.xml', data: CII, nameStyle: 'octal' }] });
    expect(extractFacturXXml(octal).xml.equals(CII)).toBe(true);
    const utf16 = makePdf({ attachments: [{ name: 'zugferd-invoice.xml', data: CII, nameStyle: 'utf16hex', compress: false }] });
    expect(extractFacturXXml(utf16)).toEqual({ name: 'zugferd-invoice.xml', xml: CII });
  });

  it('finds file specifications stored in a compressed object stream', () => {
    const pdf = makePdf({ objectStream: true, attachments: [{ name: 'Factur-X.xml', data: CII }] });
    expect(pdf.includes('factur')).toBe(false); // the name is only inside the deflated object stream
    expect(extractFacturXXml(pdf).xml.equals(CII)).toBe(true);
  });

  it('picks factur-x.xml among several attachments', () => {
    const pdf = makePdf({
      attachments: [
        { name: 'annexe.xml', data: Buffer.from('<annexe/>') },
        { name: 'factur-x.xml', data: CII },
      ],
    });
    expect(extractFacturXXml(pdf).xml.equals(CII)).toBe(true);
  });

  it('says which attachments exist when factur-x.xml is missing', () => {
    const pdf = makePdf({ attachments: [{ name: 'bon-de-livraison.pdf', data: Buffer.from('%PDF-1.4') }] });
    expect(() => extractFacturXXml(pdf)).toThrow(/attachments found: bon-de-livraison\.pdf/);
    expect(facturXCode(() => extractFacturXXml(makePdf({ attachments: [] })))).toBe('FACTURX_XML_NOT_FOUND');
  });

  it('caps the inflated XML size', () => {
    const bomb = makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.alloc(5 * 1024 * 1024, 0x20) }] });
    expect(bomb.length).toBeLessThan(50 * 1024);
    expect(facturXCode(() => extractFacturXXml(bomb, { maxXmlBytes: 1024 * 1024 }))).toBe('FACTURX_XML_TOO_LARGE');
  });

  it('refuses non-PDF, encrypted PDFs, unsupported filters and corrupt streams', () => {
    expect(facturXCode(() => extractFacturXXml(CII))).toBe('FACTURX_PDF_INVALID');
    expect(facturXCode(() => extractFacturXXml(Buffer.from('%PDF-1.7\nnothing here')))).toBe('FACTURX_PDF_INVALID');
    const encrypted = makePdf({ encrypted: true, attachments: [{ name: 'factur-x.xml', data: CII }] });
    expect(facturXCode(() => extractFacturXXml(encrypted))).toBe('FACTURX_PDF_ENCRYPTED');
    const hex = makePdf({ attachments: [{ name: 'factur-x.xml', data: CII, compress: false, filter: 'ASCIIHexDecode' }] });
    expect(facturXCode(() => extractFacturXXml(hex))).toBe('FACTURX_STREAM_UNSUPPORTED');
    const corrupt = makePdf({ attachments: [{ name: 'factur-x.xml', data: Buffer.from('not deflate'), compress: false, filter: 'FlateDecode' }] });
    expect(facturXCode(() => extractFacturXXml(corrupt))).toBe('FACTURX_STREAM_CORRUPT');
  });

  it('caps the PDF size', () => {
    const pdf = makePdf({ attachments: [{ name: 'factur-x.xml', data: CII }] });
    expect(facturXCode(() => extractFacturXXml(pdf, { maxPdfBytes: 100 }))).toBe('FACTURX_PDF_INVALID');
  });

  it('detects PDFs by magic bytes only', () => {
    expect(isPdf(fixture('facturx/invoice_EN16931.pdf'))).toBe(true);
    expect(isPdf(CII)).toBe(false);
  });
});
