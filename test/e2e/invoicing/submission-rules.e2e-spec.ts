import { givenActiveUser } from '../../factories/accounts';
import { givenEngagement } from '../../factories/engagements';
import { attachMainPdf, createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { givenMember, multipart } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

describe('submission rules', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, {
      services: [{ code: 'OUVERT' }, { code: 'FERME', active: false }, { code: 'EJ', engagementRequired: true }],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function refusal(overrides: Record<string, unknown>, to: { id: string } = recipient) {
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, to, overrides));
    const res = await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token });
    return { status: res.status, code: res.body?.code, field: res.body?.field, body: res.body };
  }

  it('accepts a complete invoice', async () => {
    expect((await refusal({})).status).toBe(204);
  });

  it.each([
    ['a missing number', { number: null }, 'INVOICING.FIELD_REQUIRED', 'number'],
    ['a missing date', { invoiceDate: null }, 'INVOICING.FIELD_REQUIRED', 'invoiceDate'],
    ['a missing recipient', { recipientStructureId: null }, 'INVOICING.RECIPIENT_NOT_FOUND', 'recipientStructureId'],
    ['an unknown service code', { recipientServiceCode: 'INCONNU' }, 'INVOICING.SERVICE_NOT_FOUND', 'recipientServiceCode'],
    ['an inactive service', { recipientServiceCode: 'FERME' }, 'INVOICING.SERVICE_INACTIVE', 'recipientServiceCode'],
    ['a service requiring an engagement', { recipientServiceCode: 'EJ' }, 'INVOICING.SERVICE_ENGAGEMENT_REQUIRED', 'engagementNumber'],
    ['totals that do not add up', { totalInclTax: '1201.00' }, 'INVOICING.TOTALS_INCONSISTENT', 'totalInclTax'],
    ['a VAT breakdown that does not match', { vatBreakdown: [{ rate: '20', taxableAmount: '900.00', vatAmount: '200.00' }] }, 'INVOICING.TOTALS_INCONSISTENT', 'vatBreakdown[0].vatAmount'],
    ['an unsupported billing framework', { billingFramework: 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR' }, 'INVOICING.BILLING_FRAMEWORK_UNSUPPORTED', 'billingFramework'],
    ['a PDF deposit without its file', { depositMode: 'DEPOT_PDF_WEB' }, 'INVOICING.MAIN_FILE_REQUIRED', 'files'],
  ])('refuses %s', async (_label, overrides, code, field) => {
    const res = await refusal(overrides);
    expect(res.status).toBe(400);
    expect(res).toMatchObject({ code, field });
  });

  it('lists every totals issue with its field', async () => {
    const res = await refusal({ totalInclTax: '1201.00', amountDue: '1300.00' });
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['TOTAL_INCL_TAX_MISMATCH', 'AMOUNT_DUE_EXCEEDS_TOTAL']));
    // Actionable: the rule, the values, in both languages, and the headline names the first one.
    expect(res.body.errors[0]).toMatchObject({
      field: 'totalInclTax',
      rule: 'BR-CO-15',
      values: { expected: '1200.00', actual: '1201.00' },
      message: { fr: expect.stringContaining('devrait valoir'), en: expect.stringContaining('should be') },
    });
    expect(res.body.messages.fr).toMatch(/^Les montants de la facture sont incohérents \(BR-CO-15\) : totalInclTax devrait valoir/);
    expect(res.body.messages.en).toMatch(/^The invoice amounts are inconsistent \(BR-CO-15\): totalInclTax should be/);
  });

  it('checks invoice lines: quantity × unit price per line (± 0.01), their sum against HT', async () => {
    const line = (quantity: string, unitPrice: string, amountExclTax: string) => ({ description: 'Prestation', quantity, unitPrice, vatRate: '20', amountExclTax });
    const good = [line('3', '100', '300.00'), line('1.5', '133.333333', '200.00'), line('2', '250', '500.00')];
    expect((await refusal({ lines: good })).status).toBe(204);
    const wrongLine = await refusal({ lines: [good[0], good[1], line('2', '250', '499.98')], totalExclTax: '999.98', totalInclTax: '1199.98', amountDue: '1199.98', vatBreakdown: [] });
    expect(wrongLine).toMatchObject({ status: 400, code: 'INVOICING.TOTALS_INCONSISTENT', field: 'lines[2].amountExclTax' });
    expect(wrongLine.body.errors[0]).toMatchObject({ field: 'lines[2].amountExclTax', code: 'LINE_AMOUNT_MISMATCH' });
    const wrongSum = await refusal({ lines: good.slice(0, 2) });
    expect(wrongSum).toMatchObject({ status: 400, code: 'INVOICING.TOTALS_INCONSISTENT', field: 'totalExclTax' });
    expect(wrongSum.body.errors.map((e: { code: string }) => e.code)).toEqual(['LINES_TOTAL_MISMATCH']);
  });

  it('enforces the recipient flags, naming the missing field', async () => {
    const code = await givenPublicRecipient(t, { parameters: { serviceCodeRequired: true }, services: [{ code: 'S1' }] });
    expect(await refusal({}, code)).toMatchObject({ code: 'INVOICING.SERVICE_CODE_REQUIRED', field: 'recipientServiceCode' });
    expect((await refusal({ recipientServiceCode: 'S1' }, code)).status).toBe(204);

    const engagement = await givenPublicRecipient(t, { parameters: { engagementRequired: true } });
    expect(await refusal({}, engagement)).toMatchObject({ code: 'INVOICING.ENGAGEMENT_REQUIRED', field: 'engagementNumber' });
    // The number must also be an engagement of that recipient for this supplier (docs/engagements.md).
    expect(await refusal({ engagementNumber: 'EJ-1' }, engagement)).toMatchObject({ code: 'ENGAGEMENTS.UNKNOWN_FOR_SUPPLIER', field: 'engagementNumber' });
    await givenEngagement(t, engagement, supplier, { number: 'EJ-1' });
    expect((await refusal({ engagementNumber: 'EJ-1' }, engagement)).status).toBe(204);

    const either = await givenPublicRecipient(t, { parameters: { serviceCodeOrEngagementRequired: true }, services: [{ code: 'S2' }] });
    expect(await refusal({}, either)).toMatchObject({ code: 'INVOICING.SERVICE_CODE_OR_ENGAGEMENT_REQUIRED', field: 'recipientServiceCode' });
    await givenEngagement(t, either, supplier, { number: 'EJ-2' });
    expect((await refusal({ engagementNumber: 'EJ-2' }, either)).status).toBe(204);
    expect((await refusal({ recipientServiceCode: 'S2' }, either)).status).toBe(204);
  });

  it('refuses a private or inactive recipient', async () => {
    const other = await givenSupplier(t);
    expect(await refusal({}, other)).toMatchObject({ status: 400, code: 'INVOICING.RECIPIENT_NOT_PUBLIC', field: 'recipientStructureId' });
    const closed = await givenPublicRecipient(t, { active: false });
    expect(await refusal({}, closed)).toMatchObject({ status: 400, code: 'INVOICING.RECIPIENT_INACTIVE', field: 'recipientStructureId' });
  });

  it('refuses an unknown recipient at once, on the field used', async () => {
    const res = await t.http.post('/api/v1/invoices', draftBody(supplier, recipient, { recipientStructureId: undefined, recipientIdentifier: '99999999999999' }), {
      token: supplier.owner.token,
    });
    expect(res.body).toMatchObject({ code: 'INVOICING.RECIPIENT_NOT_FOUND', field: 'recipientIdentifier' });
    const byIdentifier = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { recipientStructureId: undefined, recipientIdentifier: recipient.identifier }));
    expect((await t.http.get(`/api/v1/invoices/${byIdentifier}`, { token: supplier.owner.token })).body.recipientStructureId).toBe(recipient.id);
  });

  it('requires Factures émises – modification on the supplier structure', async () => {
    const reader = await givenActiveUser(t);
    await givenMember(t, supplier.owner, supplier.id, reader);
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const grants = await t.http.put(
      `/api/v1/structures/${supplier.id}/members/${reader.id}/grants`,
      { grants: [{ application: 'FACTURES_EMISES', level: 'CONSULTATION' }] },
      { token: supplier.owner.token },
    );
    expect(grants.status).toBe(200);
    expect((await t.http.get(`/api/v1/invoices/${id}`, { token: reader.token })).status).toBe(200);
    const res = await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: reader.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('COMMON.FORBIDDEN');
    expect((await t.http.post('/api/v1/invoices', draftBody(supplier, recipient), { token: reader.token })).status).toBe(403);
  });

  it('checks files: main must be a PDF by its bytes, at most 10 MB', async () => {
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const fake = multipart({ kind: 'main' }, { name: 'facture.pdf', type: 'application/pdf', content: Buffer.from('<html>not a pdf</html>') });
    expect((await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, ...fake })).body).toMatchObject({ code: 'INVOICING.FILE_NOT_PDF' });
    const big = await attachMainPdf(t, supplier.owner.token, id, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    const badKind = multipart({ kind: 'other' }, { name: 'a.txt', type: 'text/plain', content: Buffer.from('x') });
    expect((await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, ...badKind })).body).toMatchObject({ code: 'INVOICING.FILE_KIND_INVALID' });
  });
});
