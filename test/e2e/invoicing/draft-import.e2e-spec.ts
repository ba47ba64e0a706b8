import { fixture, ublInvoice, ciiInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { givenActiveUser } from '../../factories/accounts';
import { readdressed } from '../../factories/flows';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { multipart } from '../../factories/organisation';
import { sql } from '../accounts/helpers';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 17: the portal starts an invoice from a UBL, CII or Factur-X file: a draft pre-filled from the
 * document, validated by the flows' reader and EN 16931 rules, then reviewed and submitted as any draft.
 */
describe('POST /api/v1/invoices/import (a draft pre-filled from a document)', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let counter = 0;
  const number = (): string => `IM-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

  const importFile = (token: string, fields: Record<string, string>, name: string, content: Buffer | string) => {
    const form = multipart(fields, { name, type: 'application/octet-stream', content: Buffer.from(content) });
    return t.http.post('/api/v1/invoices/import', undefined, { token, payload: form.payload, headers: form.headers });
  };
  const invoiceCount = async (): Promise<string> => (await sql<{ n: string }>(t, 'select count(*) as n from invoice', []))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('pre-fills a draft from a UBL invoice (parties, totals, lines), reports it valid, and the draft submits as it is', async () => {
    const invoiceNumber = number();
    const res = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'facture.xml', readdressed(ublInvoice({ number: invoiceNumber }), supplier, recipient));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), source: 'UBL', report: { valid: true, syntax: 'UBL', findings: [] }, notices: [] });
    const draft = (await t.http.get(`/api/v1/invoices/${res.body.id}`, { token: supplier.owner.token })).body;
    expect(draft).toMatchObject({
      status: 'BROUILLON',
      number: invoiceNumber,
      invoiceDate: '2026-03-15',
      depositMode: 'SAISIE_WEB',
      totalExclTax: '100.00',
      totalVat: '20.00',
      totalInclTax: '120.00',
      engagementNumber: 'EJ-4500012345',
      recipientServiceCode: 'SERV-01',
      lines: [expect.objectContaining({ description: 'Ramettes de papier', quantity: '4', amountExclTax: '100.00' })],
    });
    expect(draft.recipientStructureId).toBe(recipient.id);
    const submitted = await t.http.post(`/api/v1/invoices/${res.body.id}/submission`, {}, { token: supplier.owner.token });
    expect(submitted.status).toBeLessThan(300);
    expect((await t.http.get(`/api/v1/invoices/${res.body.id}`, { token: supplier.owner.token })).body.status).not.toBe('BROUILLON');
  });

  it('pre-fills from CII and from a Factur-X PDF, the PDF kept as the draft’s main file', async () => {
    const cii = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'facture.xml', readdressed(ciiInvoice({ number: number() }), supplier, recipient));
    expect(cii.status).toBe(201);
    expect(cii.body).toMatchObject({ source: 'CII', report: { syntax: 'CII' } });
    expect((await t.http.get(`/api/v1/invoices/${cii.body.id}`, { token: supplier.owner.token })).body).toMatchObject({ totalInclTax: '60.00', depositMode: 'SAISIE_WEB' });

    const pdf = fixture('facturx/invoice_EN16931.pdf');
    const res = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'facture.pdf', pdf);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'FACTURX', report: { syntax: 'FACTURX' } });
    const draft = (await t.http.get(`/api/v1/invoices/${res.body.id}`, { token: supplier.owner.token })).body;
    expect(draft).toMatchObject({ depositMode: 'DEPOT_PDF_WEB', number: expect.any(String), totalInclTax: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(draft.files).toEqual([expect.objectContaining({ kind: 'main', mediaType: 'application/pdf', size: pdf.length })]);
  });

  it('takes a PDF without structured data as the main file, nothing pre-filled and no report', async () => {
    const plain = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const res = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'scan.pdf', plain);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'PDF', report: null, notices: [] });
    const draft = (await t.http.get(`/api/v1/invoices/${res.body.id}`, { token: supplier.owner.token })).body;
    expect(draft).toMatchObject({ depositMode: 'DEPOT_PDF_WEB', number: null });
    expect(draft.files).toHaveLength(1);
  });

  it('leaves out what the platform does not know, each value noticed: an unknown recipient, an out-of-range date', async () => {
    const res = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'facture.xml', ublInvoice({ number: number(), issueDate: '1999-01-31' }));
    expect(res.status).toBe(201);
    expect(res.body.notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'recipientIdentifier', code: 'INVOICING.RECIPIENT_NOT_FOUND', value: '11000201100044' }),
        expect.objectContaining({ field: 'invoiceDate', code: 'INVOICING.INVOICE_DATE_OUT_OF_RANGE', value: '1999-01-31' }),
        expect.objectContaining({ field: 'supplierIdentifier', code: 'INVOICING.IMPORT_SUPPLIER_MISMATCH' }),
      ]),
    );
    const draft = (await t.http.get(`/api/v1/invoices/${res.body.id}`, { token: supplier.owner.token })).body;
    expect(draft).toMatchObject({ invoiceDate: null, recipientStructureId: null, totalInclTax: '120.00' });
  });

  it('pre-fills a document the EN 16931 rules refuse, with the rule in the report', async () => {
    const wrongTotal = ublInvoice({
      number: number(),
      monetaryTotal:
        '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">121.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount>',
    });
    const res = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'facture.xml', readdressed(wrongTotal, supplier, recipient));
    expect(res.status).toBe(201);
    expect(res.body.report.valid).toBe(false);
    expect(res.body.report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'BR-CO-15' })]));
  });

  it('refuses an unreadable file, an archive, a missing structure or file, and a caller without rights — creating nothing', async () => {
    const before = await invoiceCount();
    const broken = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'cassé.xml', '<Invoice><cbc:ID>');
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ code: 'INVOICING.IMPORT_UNREADABLE', field: 'file' });
    const archive = await importFile(supplier.owner.token, { supplierStructureId: supplier.id }, 'lot.tar.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    expect(archive.body).toMatchObject({ code: 'INVOICING.IMPORT_ARCHIVE', field: 'file' });
    const noStructure = await importFile(supplier.owner.token, {}, 'facture.xml', ublInvoice());
    expect(noStructure.body.field).toBe('supplierStructureId');
    const stranger = await givenActiveUser(t);
    const forbidden = await importFile(stranger.token, { supplierStructureId: supplier.id }, 'facture.xml', ublInvoice({ number: number() }));
    expect(forbidden.status).toBe(403);
    expect(await invoiceCount()).toBe(before);
  });
});
