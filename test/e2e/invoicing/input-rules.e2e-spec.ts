import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { createDraft, draftBody, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, uniqueNumber } from '../../factories/invoicing';
import { multipart, TINY_PDF } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

const RLO = '\u202E'; // RIGHT-TO-LEFT OVERRIDE
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Invoice input rules on every entry path (issue 15): the invoice date in its sane range, and no
 * bidirectional control in identifiers, numbers, codes or file names.
 */
describe('invoice input rules: date range and bidi controls', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const draft = (overrides: Record<string, unknown>) => t.http.post('/api/v1/invoices', draftBody(supplier, recipient, overrides), { token: supplier.owner.token });

  it('REST drafts: refuses an invoice date before 2000 or more than 30 days ahead, naming the field', async () => {
    for (const invoiceDate of ['1999-12-31', '0226-03-15', day(40), '9999-12-31']) {
      const res = await draft({ invoiceDate });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVOICING.INVOICE_DATE_OUT_OF_RANGE', field: 'invoiceDate', params: { min: '2000-01-01' } });
    }
    expect((await draft({ invoiceDate: '2000-01-01' })).status).toBe(201);
    expect((await draft({ invoiceDate: day(29) })).status).toBe(201);
    // an update goes through the same rule
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const patched = await t.http.patch(`/api/v1/invoices/${id}`, { invoiceDate: '1970-01-01' }, { token: supplier.owner.token });
    expect(patched.body).toMatchObject({ code: 'INVOICING.INVOICE_DATE_OUT_OF_RANGE', field: 'invoiceDate' });
  });

  it('REST drafts: refuses a bidi control in the number, engagement, contract, service code or recipient identifier', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['number', { number: `F-2026${RLO}-1` }],
      ['engagementNumber', { engagementNumber: `EJ\u2066-42` }],
      ['contractNumber', { contractNumber: `M\u200F-7` }],
      ['recipientServiceCode', { recipientServiceCode: `SERV\u061C-01` }],
    ];
    for (const [field, overrides] of cases) {
      const res = await draft(overrides);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'COMMON.BIDI_CONTROL_NOT_ALLOWED', field });
    }
    const byIdentifier = await t.http.post(
      '/api/v1/invoices',
      { ...draftBody(supplier, recipient), recipientStructureId: undefined, recipientIdentifier: `${recipient.identifier}${RLO}` },
      { token: supplier.owner.token },
    );
    expect(byIdentifier.body).toMatchObject({ code: 'COMMON.BIDI_CONTROL_NOT_ALLOWED', field: 'recipientIdentifier' });
  });

  it('refuses an invoice file whose name reads backwards', async () => {
    const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient));
    const { payload, headers } = multipart({ kind: 'additional' }, { name: `facture${RLO}fdp.exe`, type: 'application/pdf', content: TINY_PDF });
    const res = await t.http.post(`/api/v1/invoices/${id}/files`, undefined, { token: supplier.owner.token, payload, headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'COMMON.BIDI_CONTROL_NOT_ALLOWED', field: 'fileName' });
  });

  describe('/cpro soumettre', () => {
    const body = (overrides: Record<string, unknown> = {}, references: Record<string, unknown> = {}) => ({
      modeDepot: 'SAISIE_API',
      numeroFactureSaisi: uniqueNumber(),
      dateFacture: '2026-03-15',
      destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' },
      fournisseur: { idFournisseur: supplier.publicId },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', ...references },
      montantTotal: { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 120, montantAPayer: 120 },
      ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 }],
      ...overrides,
    });

    it('applies the same rules, with their codeRetour', async () => {
      const old = await cpro(t, erp, 'factures/v1/soumettre', body({ dateFacture: '1999-06-30' }));
      expect(old.status).toBe(400);
      expect(old.body.codeRetour).toBe(1083);
      const future = await cpro(t, erp, 'factures/v1/soumettre', body({ dateFacture: day(60) }));
      expect(future.body.codeRetour).toBe(1083);
      const bidi = await cpro(t, erp, 'factures/v1/soumettre', body({ numeroFactureSaisi: `F${RLO}-2026` }));
      expect(bidi.status).toBe(400);
      expect(bidi.body.codeRetour).toBe(1084);
      const order = await cpro(t, erp, 'factures/v1/soumettre', body({}, { numeroBonCommande: `BC\u2067-1` }));
      expect(order.body.codeRetour).toBe(1084);
      expect(order.body.libelle).toContain('numeroBonCommande');
      // nothing of these was kept
      const ok = await cpro(t, erp, 'factures/v1/soumettre', body());
      expect(ok.body.codeRetour).toBe(0);
      const mine = await t.http.get('/api/v1/invoices', { token: supplier.owner.token, query: { role: 'supplier' } });
      expect(mine.body.items.map((i: { number: string }) => i.number).filter((n: string) => /[\u202E\u2067]/.test(n))).toEqual([]);
    });
  });
});
