import { ciiInvoice, fixture, SUPPLIER_SIRET, ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { multipart } from '../../factories/organisation';
import { sql } from '../accounts/helpers';
import { startTestApp, TestApp } from '../../support/test-app';

/** Issue 17: a file validated as a deposit would read it, without depositing it; the answer is the report. */
describe('POST /api/v1/flows/preflight', () => {
  let t: TestApp;
  let user: GivenUser;

  beforeAll(async () => {
    t = await startTestApp();
    user = await givenActiveUser(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const check = async (name: string, content: Buffer | string, fields: Record<string, string> = {}) => {
    const form = multipart(fields, { name, type: 'application/octet-stream', content: Buffer.from(content) });
    return t.http.post('/api/v1/flows/preflight', undefined, { token: user.token, payload: form.payload, headers: form.headers });
  };

  it('answers a valid report for a valid UBL invoice, and stores nothing', async () => {
    const flowsBefore = await sql<{ n: string }>(t, 'select count(*) as n from invoice_flow', []);
    const res = await check('facture.xml', ublInvoice({ number: 'PF-1' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      syntax: 'IN_DP_E1_UBL_INVOICE',
      fatal: null,
      documents: [{ sourceName: 'facture.xml', invoiceNumber: 'PF-1', report: { valid: true, syntax: 'UBL', findings: [] } }],
    });
    expect(await sql<{ n: string }>(t, 'select count(*) as n from invoice_flow', [])).toEqual(flowsBefore);
    expect(await sql<{ n: string }>(t, "select count(*) as n from invoice where number = 'PF-1'", [])).toEqual([{ n: '0' }]);
  });

  it('names the EN 16931 rule a document breaks, with its location (a seller without postal address: BR-08)', async () => {
    const noAddress = ublInvoice({
      number: 'PF-2',
      supplierParty: `<cbc:EndpointID schemeID="0009">${SUPPLIER_SIRET}</cbc:EndpointID><cac:PartyTaxScheme><cbc:CompanyID>FR32123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Fournitures Dupont</cbc:RegistrationName></cac:PartyLegalEntity>`,
    });
    const res = await check('facture.xml', noAddress);
    const [document] = res.body.documents;
    expect(document).toMatchObject({ invoiceNumber: 'PF-2', report: { valid: false, syntax: 'UBL' } });
    expect(document.report.findings).toEqual([expect.objectContaining({ rule: 'BR-08', stage: 'en16931', severity: 'error', message: { fr: expect.any(String), en: expect.any(String) } })]);
  });

  it('recognises CII and Factur-X PDFs, and reports an unreadable file as such', async () => {
    const cii = await check('facture-cii.xml', ciiInvoice({ number: 'PF-3' }));
    expect(cii.body).toMatchObject({ syntax: 'IN_DP_E1_CII_16B', documents: [{ invoiceNumber: 'PF-3', report: { valid: true } }] });
    const pdf = await check('invoice.pdf', fixture('facturx/invoice_EN16931.pdf'));
    expect(pdf.body).toMatchObject({ syntax: 'IN_DP_E2_CII_FACTURX', documents: [{ report: { syntax: 'FACTURX' } }] });
    const broken = await check('cassé.xml', '<Invoice><cbc:ID>');
    expect(broken.body.documents[0].report).toMatchObject({ valid: false, findings: [expect.objectContaining({ rule: 'LIASSE-XML-MALFORMED', severity: 'fatal' })] });
  });

  it('refuses a request without a file or with an unknown syntax, naming the field', async () => {
    const form = multipart({ syntax: 'IN_DP_E1_UBL_INVOICE' });
    const none = await t.http.post('/api/v1/flows/preflight', undefined, { token: user.token, payload: form.payload, headers: form.headers });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 'INVOICING.FILE_MISSING', field: 'file' });
    const unknown = await check('f.xml', ublInvoice(), { syntax: 'IN_DP_E9' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'INVOICING.FLOW_SYNTAX_UNKNOWN', field: 'syntax' });
    expect((await t.http.post('/api/v1/flows/preflight', undefined, { payload: form.payload, headers: form.headers })).status).toBe(401);
  });
});
