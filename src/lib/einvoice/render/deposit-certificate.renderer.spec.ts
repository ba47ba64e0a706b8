import { inspectPdf } from './__fixtures__/pdf-inspect';
import { CERTIFICATE_JSON_NAME, renderDepositCertificate, type DepositCertificate } from './deposit-certificate.renderer';

const CERTIFICATE: DepositCertificate = {
  invoiceNumber: 'F-2026/001',
  publicId: 4242,
  kind: 'FACTURE',
  issueDate: '2026-03-15',
  depositedAt: new Date('2026-03-16T08:30:05Z'),
  depositMode: 'DEPOT_PDF_API',
  supplier: { name: 'Dupont & Fils', siret: '12345678900011' },
  recipient: { name: 'Commune de Lyon', siret: '21690123100011', serviceCode: 'SERV-01' },
  currency: 'EUR',
  totals: { totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00' },
  files: [
    { fileName: 'facture.pdf', role: 'Document déposé', size: 1234, sha256: 'a'.repeat(64) },
    { fileName: 'bon de livraison.pdf', role: 'Pièce jointe', size: 99, sha256: 'b'.repeat(64) },
  ],
};

describe('renderDepositCertificate', () => {
  it('is a PDF/A-3b with embedded fonts whose facts (number, dates, parties, amounts, fingerprints) are also attached as JSON', async () => {
    const at = new Date('2026-03-17T12:00:00Z');
    const pdf = await renderDepositCertificate(CERTIFICATE, { at });
    const inspected = await inspectPdf(pdf);
    expect(inspected.doc.getTitle()).toBe('Accusé de dépôt — facture F-2026/001');
    expect(inspected.xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(inspected.xmp).not.toContain('fx:DocumentType');
    expect(inspected.fonts.every((f) => f.embedded)).toBe(true);
    expect(inspected.outputIntentIcc).toBeDefined();
    const facts = JSON.parse(inspected.attachments.get(CERTIFICATE_JSON_NAME)!.content.toString('utf8'));
    expect(facts).toEqual({
      ...CERTIFICATE,
      depositedAt: '2026-03-16T08:30:05.000Z',
      issuedAt: '2026-03-17T12:00:00.000Z',
      platform: 'Liasse',
    });
  });

  it('says so when an invoice has no file (entered, structured data only)', async () => {
    const pdf = await renderDepositCertificate({ ...CERTIFICATE, files: [] }, { at: new Date() });
    const facts = JSON.parse((await inspectPdf(pdf)).attachments.get(CERTIFICATE_JSON_NAME)!.content.toString('utf8'));
    expect(facts.files).toEqual([]);
  });
});
