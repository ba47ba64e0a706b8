import { createHash } from 'node:crypto';
import { CERTIFICATE_JSON_NAME, extractFacturXXml, parseCiiInvoice, parseUblInvoice } from '../../../src/lib/einvoice';
import { inspectPdf } from '../../../src/lib/einvoice/render/__fixtures__/pdf-inspect';
import { attachMainPdf, createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { givenActiveUser } from '../../factories/accounts';
import { multipart, TINY_PDF } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/** Issue 17, documents out: every invoice has a legal document; UBL and CII on request; a deposit certificate. */
describe('documents out', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  const IBAN = 'FR7630006000011234567890189';

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { paymentDelayDays: 30, services: [{ code: 'ACHATS' }] });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function bankAccountId(): Promise<string> {
    const form = multipart({ name: 'Compte principal', accountType: 'IBAN', iban: IBAN, bic: 'AGRIFRPP' }, { name: 'rib.pdf', type: 'application/pdf', content: TINY_PDF });
    const res = await t.http.post(`/api/v1/structures/${supplier.id}/bank-accounts`, undefined, { token: supplier.owner.token, ...form });
    if (res.status !== 201) throw new Error(`bank account: ${res.status} ${res.text}`);
    return res.body.id;
  }

  const LINES = [
    { description: 'Prestation de conseil', quantity: '2', unitPrice: '400.00', vatRate: '20', amountExclTax: '800.00' },
    { description: 'Déplacement', quantity: '1', unitPrice: '200.00', vatRate: '20', amountExclTax: '200.00' },
  ];

  /** An invoice entered on the portal (no main file), submitted and made available. */
  async function enteredInvoice(overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
    const body = draftBody(supplier, recipient, { recipientServiceCode: 'ACHATS', lines: LINES, ...overrides });
    const id = await createDraft(t, supplier.owner.token, body);
    const sent = await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token });
    expect(sent.status).toBe(204);
    await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
    return { id, number: body.number as string };
  }

  const document = (id: string, token: string, format?: string) => t.http.get(`/api/v1/invoices/${id}/document`, { token, query: format ? { format } : {} });

  it('renders an entered invoice as a Factur-X (PDF/A-3, CII EN 16931 embedded, exact amounts), keeps it, and serves the same bytes to both sides', async () => {
    const { id, number } = await enteredInvoice({ bankAccountId: await bankAccountId(), engagementNumber: 'EJ-77' });

    const received = await document(id, recipient.clerk.token);
    expect(received.status).toBe(200);
    expect(received.headers['content-type']).toBe('application/pdf');
    expect(received.headers['content-disposition']).toContain('_factur-x.pdf');
    const pdf = received.raw;
    expect(received.headers['x-content-sha256']).toBe(sha256(pdf));

    const cii = parseCiiInvoice(extractFacturXXml(pdf).xml);
    expect(cii.ok).toBe(true);
    if (!cii.ok) return;
    expect(cii.invoice).toMatchObject({
      number,
      issueDate: '2026-03-15',
      type: 'FACTURE',
      currency: 'EUR',
      supplier: { siret: supplier.identifier },
      recipient: { siret: recipient.identifier, serviceCode: 'ACHATS' },
      engagementNumber: 'EJ-77',
      totals: { totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00' },
      vatBreakdown: [{ rate: '20.00', taxableAmount: '1000.00', vatAmount: '200.00', category: 'S' }],
      paymentMeansCode: '30',
      iban: IBAN,
    });
    expect(cii.invoice.lines).toMatchObject([
      { number: '1', description: 'Prestation de conseil', quantity: '2.00', unitPrice: '400.00', netAmount: '800.00', vatRate: '20.00' },
      { number: '2', description: 'Déplacement', quantity: '1.00', unitPrice: '200.00', netAmount: '200.00', vatRate: '20.00' },
    ]);
    const xml = extractFacturXXml(pdf).xml.toString();
    // The due date is the payment deadline the platform computed.
    const { paymentDeadline } = (await t.http.get(`/api/v1/invoices/${id}`, { token: recipient.clerk.token })).body;
    expect(xml).toContain(`<ram:DueDateDateTime><udt:DateTimeString format="102">${paymentDeadline.replace(/-/g, '')}</udt:DateTimeString>`);
    const inspected = await inspectPdf(pdf);
    expect(inspected.xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(inspected.fonts.every((f) => f.embedded)).toBe(true);

    // Kept: the supplier gets the same bytes; the invoice lists it as its rendered file, downloadable as such.
    const again = await document(id, supplier.owner.token, 'facturx');
    expect(again.status).toBe(200);
    expect(sha256(again.raw)).toBe(sha256(pdf));
    const files = (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body.files;
    expect(files).toEqual([expect.objectContaining({ kind: 'rendered', mediaType: 'application/pdf', sha256: sha256(pdf), size: pdf.length })]);
    const asFile = await t.http.get(`/api/v1/invoices/${id}/files/${files[0].id}`, { token: recipient.clerk.token });
    expect(sha256(asFile.raw)).toBe(sha256(pdf));
  });

  it('keeps one rendered document when first downloads race', async () => {
    const { id } = await enteredInvoice();
    const answers = await Promise.all([document(id, recipient.clerk.token), document(id, supplier.owner.token), document(id, recipient.clerk.token)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => sha256(a.raw))).size).toBe(1);
    const files = (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body.files;
    expect(files.filter((f: { kind: string }) => f.kind === 'rendered')).toHaveLength(1);
  });

  it('answers the same invoice as CII or UBL on request, read back with exact amounts', async () => {
    const { id, number } = await enteredInvoice({ type: 'AVOIR' });
    const cii = await document(id, recipient.clerk.token, 'cii');
    expect(cii.status).toBe(200);
    expect(cii.headers['content-type']).toContain('application/xml');
    const ubl = await document(id, recipient.clerk.token, 'ubl');
    expect(ubl.status).toBe(200);
    expect(ubl.text).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
    const fromCii = parseCiiInvoice(cii.raw);
    const fromUbl = parseUblInvoice(ubl.raw);
    // The same invoice either way (but where each term was read, which is the syntax's own).
    const comparable = (r: typeof fromCii) => (r.ok ? { ...r, invoice: { ...r.invoice, locations: undefined, syntax: undefined } } : r);
    expect(comparable(fromUbl)).toEqual(comparable(fromCii));
    expect(fromUbl).toMatchObject({ ok: true, invoice: { number, type: 'AVOIR', typeCode: '381', totals: { totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00' } } });
  });

  it('writes an invoice entered without lines with one line per VAT rate (EN 16931 needs one; their sum is the total)', async () => {
    const { id } = await enteredInvoice({
      lines: [],
      totalExclTax: '1100.00',
      totalVat: '210.00',
      totalInclTax: '1310.00',
      amountDue: '1310.00',
      vatBreakdown: [
        { rate: '20', taxableAmount: '1000.00', vatAmount: '200.00' },
        { rate: '10', taxableAmount: '100.00', vatAmount: '10.00' },
      ],
    });
    const parsed = parseUblInvoice((await document(id, supplier.owner.token, 'ubl')).raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.invoice.lines).toMatchObject([
      { number: '1', description: 'Montant hors TVA au taux de 20 %', quantity: '1.00', unitPrice: '1000.00', netAmount: '1000.00', vatRate: '20.00' },
      { number: '2', description: 'Montant hors TVA au taux de 10 %', quantity: '1.00', unitPrice: '100.00', netAmount: '100.00', vatRate: '10.00' },
    ]);
  });

  it('serves a deposited PDF as it is; facturx of a plain PDF, a draft, an unknown format and a stranger are refused', async () => {
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { depositMode: 'DEPOT_PDF_WEB', recipientServiceCode: 'ACHATS' }));
    expect((await document(id, supplier.owner.token)).body).toMatchObject({ code: 'INVOICING.DOCUMENT_OF_DRAFT' });
    expect((await t.http.get(`/api/v1/invoices/${id}/deposit-certificate`, { token: supplier.owner.token })).body).toMatchObject({ code: 'INVOICING.DOCUMENT_OF_DRAFT' });
    expect((await attachMainPdf(t, supplier.owner.token, id)).status).toBe(201);
    expect((await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token })).status).toBe(204);
    await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');

    const legal = await document(id, recipient.clerk.token);
    expect(legal.status).toBe(200);
    expect(legal.raw.equals(TINY_PDF)).toBe(true);
    const facturx = await document(id, recipient.clerk.token, 'facturx');
    expect(facturx.status).toBe(409);
    expect(facturx.body).toMatchObject({ code: 'INVOICING.DOCUMENT_NOT_FACTURX' });
    expect((await document(id, recipient.clerk.token, 'ubl')).status).toBe(200);
    expect((await document(id, recipient.clerk.token, 'pdf')).body).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });

    const stranger = await givenActiveUser(t);
    expect((await document(id, stranger.token)).status).toBe(404);
    expect((await t.http.get(`/api/v1/invoices/${id}/deposit-certificate`, { token: stranger.token })).status).toBe(404);
  });

  it('gives the supplier a deposit certificate with the fingerprint of every file; the recipient gets none', async () => {
    const { id, number } = await enteredInvoice();
    const res = await t.http.get(`/api/v1/invoices/${id}/deposit-certificate`, { token: supplier.owner.token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('_accuse-de-depot.pdf');
    const inspected = await inspectPdf(res.raw);
    expect(inspected.doc.getTitle()).toBe(`Accusé de dépôt — facture ${number}`);
    const facts = JSON.parse(inspected.attachments.get(CERTIFICATE_JSON_NAME)!.content.toString('utf8'));
    const invoice = (await t.http.get(`/api/v1/invoices/${id}`, { token: supplier.owner.token })).body;
    expect(facts).toMatchObject({
      invoiceNumber: number,
      publicId: invoice.publicId,
      issueDate: '2026-03-15',
      depositedAt: invoice.submittedAt,
      depositMode: 'SAISIE_WEB',
      supplier: { siret: supplier.identifier },
      recipient: { siret: recipient.identifier, serviceCode: 'ACHATS' },
      totals: { totalExclTax: '1000.00', totalVat: '200.00', totalInclTax: '1200.00', amountDue: '1200.00' },
    });
    // The document the recipient downloads is certified too: rendered first, its fingerprint listed.
    const rendered = await document(id, recipient.clerk.token);
    expect(facts.files).toEqual([expect.objectContaining({ role: 'Factur-X rendue', sha256: sha256(rendered.raw), size: rendered.raw.length })]);

    const asRecipient = await t.http.get(`/api/v1/invoices/${id}/deposit-certificate`, { token: recipient.clerk.token });
    expect(asRecipient.status).toBe(403);
    expect(asRecipient.body).toMatchObject({ code: 'COMMON.FORBIDDEN' });
  });
});
