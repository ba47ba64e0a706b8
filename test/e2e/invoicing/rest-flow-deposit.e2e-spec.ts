import { ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { givenActiveUser, waitUntil } from '../../factories/accounts';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { multipart } from '../../factories/organisation';
import { FINAL_FLOW_STATES, readdressed as addressed } from '../../factories/flows';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 17: the portal deposits structured invoices too (before, only /cpro's deposer/flux did): the same
 * flow processing, rules and report, through the REST API with a user's token.
 */
describe('POST /api/v1/flows (portal deposit of UBL, CII, Factur-X)', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let counter = 0;
  const number = (): string => `RF-${Date.now().toString(36)}-${++counter}`.slice(0, 20);
  const readdressed = (xml: string): string => addressed(xml, supplier, recipient);

  const deposit = (token: string, fields: Record<string, string>, file: { name: string; content: string }) => {
    const form = multipart(fields, { name: file.name, type: 'application/xml', content: Buffer.from(file.content) });
    return t.http.post('/api/v1/flows', undefined, { token, payload: form.payload, headers: form.headers });
  };

  async function finalReport(flowNumber: string): Promise<Record<string, any>> {
    let report: Record<string, any> = {};
    await waitUntil(async () => {
      await t.flushOutbox();
      report = (await t.http.get(`/api/v1/flows/${flowNumber}/report`, { token: supplier.owner.token })).body;
      return FINAL_FLOW_STATES.includes(report.state);
    }, 30_000);
    return report;
  }

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('turns a UBL file into a submitted invoice of the structure, the syntax recognised, with its report', async () => {
    const invoiceNumber = number();
    const res = await deposit(supplier.owner.token, { structureId: supplier.id }, { name: 'facture.xml', content: readdressed(ublInvoice({ number: invoiceNumber })) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ flowNumber: expect.stringMatching(/^CPP\d+$/), syntax: 'IN_DP_E1_UBL_INVOICE', state: 'IN_RECU' });
    const report = await finalReport(res.body.flowNumber);
    expect(report).toMatchObject({ state: 'IN_INTEGRE', documents: [{ invoiceNumber, invoiceId: expect.any(String), report: { valid: true } }] });
    const invoice = await t.http.get(`/api/v1/invoices/${report.documents[0].invoiceId}`, { token: supplier.owner.token });
    expect(invoice.body).toMatchObject({ number: invoiceNumber, depositMode: 'DEPOT_FLUX', totalInclTax: '120.00' });
  });

  it('refuses, document by document, what a deposit refuses (the same number again: a duplicate)', async () => {
    const invoiceNumber = number();
    const first = (await deposit(supplier.owner.token, { structureId: supplier.id }, { name: 'a.xml', content: readdressed(ublInvoice({ number: invoiceNumber })) })).body.flowNumber;
    await finalReport(first);
    // The same file again within 10 minutes is the first flow (`duplicate: true`); another file with the number is refused.
    const retried = await deposit(supplier.owner.token, { structureId: supplier.id }, { name: 'a.xml', content: readdressed(ublInvoice({ number: invoiceNumber })) });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ flowNumber: first, duplicate: true });
    const again = await deposit(supplier.owner.token, { structureId: supplier.id, syntax: 'IN_DP_E1_UBL_INVOICE' }, { name: 'b.xml', content: `${readdressed(ublInvoice({ number: invoiceNumber }))}\n` });
    const report = await finalReport(again.body.flowNumber);
    expect(report.state).toBe('IN_REJETE');
    expect(report.documents[0].report.findings).toEqual([expect.objectContaining({ rule: 'LIASSE-DUPLICATE-NUMBER', stage: 'duplicate' })]);
  });

  it('needs Factures émises on the structure: another user gets 403 and nothing is deposited', async () => {
    const stranger = await givenActiveUser(t);
    const res = await deposit(stranger.token, { structureId: supplier.id }, { name: 'facture.xml', content: readdressed(ublInvoice({ number: number() })) });
    expect(res.status).toBe(403);
    const invalid = await deposit(supplier.owner.token, { structureId: 'pas-un-uuid' }, { name: 'facture.xml', content: ublInvoice() });
    expect(invalid.status).toBe(400);
    expect(invalid.body.field).toBe('structureId');
  });
});
