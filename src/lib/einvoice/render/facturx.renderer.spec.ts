import { FULL_INVOICE } from '../__fixtures__/invoice-document';
import { parseCiiInvoice } from '../cii-invoice.parser';
import { writeCiiInvoice } from '../cii-invoice.writer';
import { extractFacturXXml } from '../facturx';
import type { InvoiceDocument } from '../invoice-document';
import { inspectPdf } from './__fixtures__/pdf-inspect';
import { renderFacturX } from './facturx.renderer';
import { frenchNumber } from './layout';

const AT = new Date('2026-03-15T10:00:00Z');

describe('renderFacturX', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderFacturX(FULL_INVOICE, { at: AT });
  });

  it('is a PDF whose embedded factur-x.xml is the CII EN 16931 of the invoice, read back with exact amounts', () => {
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const attachment = extractFacturXXml(pdf);
    expect(attachment.name).toBe('factur-x.xml');
    expect(attachment.xml.equals(writeCiiInvoice(FULL_INVOICE))).toBe(true);
    const parsed = parseCiiInvoice(attachment.xml);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.invoice).toMatchObject({ number: 'F-2026/001', totals: FULL_INVOICE.totals, vatBreakdown: FULL_INVOICE.vatBreakdown, lines: FULL_INVOICE.lines });
  });

  it('is PDF/A-3b Factur-X: XMP with pdfaid and the Factur-X extension schema, the XML as Data with its MIME type, in the catalog AF', async () => {
    const inspected = await inspectPdf(pdf);
    expect(inspected.xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(inspected.xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(inspected.xmp).toContain('<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>');
    expect(inspected.xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(inspected.xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(inspected.xmp).toContain('<fx:Version>1.0</fx:Version>');
    expect(inspected.xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(inspected.xmp).toContain('<xmp:CreateDate>2026-03-15T10:00:00Z</xmp:CreateDate>');
    const xml = inspected.attachments.get('factur-x.xml');
    expect(xml).toBeDefined();
    expect(xml!.spec.get(inspected.doc.context.obj('AFRelationship'))?.toString()).toBe('/Data');
    const catalogAf = inspected.doc.catalog.lookup(inspected.doc.context.obj('AF'));
    expect(catalogAf).toBeDefined();
    expect(inspected.doc.getTitle()).toBe('Facture F-2026/001');
    expect(inspected.doc.getProducer()).toBe('Liasse');
    expect(inspected.hasTrailerId).toBe(true);
  });

  it('embeds every font it uses (DejaVu Sans subsets, no standard 14 font) and declares an sRGB OutputIntent', async () => {
    const inspected = await inspectPdf(pdf);
    expect(inspected.fonts.length).toBeGreaterThanOrEqual(2);
    expect(inspected.fonts.every((f) => f.embedded)).toBe(true);
    expect(inspected.fonts.map((f) => f.name).join(' ')).toMatch(/DejaVuSans/);
    expect(inspected.outputIntentIcc?.subarray(36, 40).toString('latin1')).toBe('acsp');
    expect(inspected.outputIntentIcc?.subarray(16, 20).toString('latin1')).toBe('RGB ');
  });

  it('lays out long invoices over several pages, a credit note as such, and any text (controls, long words, no glyph)', async () => {
    const many: InvoiceDocument = {
      ...FULL_INVOICE,
      type: 'AVOIR',
      typeCode: '381',
      note: 'Ligne 1\nLigne\t2 \u0001 ' + 'x'.repeat(400) + ' 漢字 😀',
      lines: Array.from({ length: 120 }, (_, i) => ({ ...FULL_INVOICE.lines[1]!, number: String(i + 1) })),
    };
    const rendered = await renderFacturX(many, { at: AT });
    const inspected = await inspectPdf(rendered);
    expect(inspected.doc.getPageCount()).toBeGreaterThan(2);
    expect(inspected.doc.getTitle()).toBe('Avoir F-2026/001');
    // 120 copies of one line against the fixture's totals: read without the calculation rules, the layout is what is tested.
    expect(parseCiiInvoice(extractFacturXXml(rendered).xml, { calculationRules: false })).toMatchObject({ ok: true, invoice: { type: 'AVOIR', typeCode: '381' } });
  });

  it('prints amounts the French way from their text, never through a float', () => {
    expect(frenchNumber('1234567.5')).toBe('1 234 567,50');
    expect(frenchNumber('0.1')).toBe('0,10');
    expect(frenchNumber('-1000')).toBe('-1 000,00');
    expect(frenchNumber('488.005')).toBe('488,005');
    expect(frenchNumber('2.000000', 0)).toBe('2');
    expect(frenchNumber('12345678901234567.89')).toBe('12 345 678 901 234 567,89');
  });
});
