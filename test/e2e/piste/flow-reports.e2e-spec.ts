import { writeFileSync } from 'node:fs';
import { ApiInvoicesService } from '../../../src/modules/invoicing/application/api-mode.service';
import { gzipSync } from 'node:zlib';
import { makeTar, ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { depositFlow as depositFlowOf, finalFlowReport, readdressed } from '../../factories/flows';
import { startTestApp, TestApp } from '../../support/test-app';
import { decodingErrors } from './client-decoding';
import { ODOO_CR } from './connector-requests';

/**
 * Issue 17: the validation report end to end. Every refusal of a flow's documents (unreadable file, EN 16931
 * mandatory term, totals rule, recipient rule) is a finding with its rule id, stage, severity, business term,
 * XPath and values: `consulterCRDetaille` lists each in `listeErreurDP` / `listeErreurTechnique` beside the
 * fields connectors read, and `GET /api/v1/flows/{flowNumber}/report` serves the whole report, with the same
 * access as the flow's other reads. Set FLOW_REPORT_SAMPLE=<file> to write the report shown in the docs.
 */
describe('PISTE API mode: flow validation reports', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let stranger: ErpConnection;
  let counter = 0;
  const number = (): string => `RPT-${Date.now().toString(36)}-${++counter}`.slice(0, 20);
  const siretsOf = (xml: string): string => readdressed(xml, supplier, recipient);
  const rest = (connection: ErpConnection, path: string) => t.http.get(path, { token: connection.token, headers: { 'cpro-account': connection.cproAccount } });

  const depositFlow = (content: Buffer, nomFichier: string): Promise<string> => depositFlowOf(t, erp, content, nomFichier);
  const finalReport = (numeroFluxDepot: string): Promise<Record<string, any>> => finalFlowReport(t, erp, numeroFluxDepot);

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    const other = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
    stranger = await givenErpConnection(t, other.owner.token, other.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('reports every finding of every document, in consulterCRDetaille and in the REST report', async () => {
    const good = number();
    const wrongTotal = number();
    const unknownService = number();
    const tarball = gzipSync(
      makeTar([
        { name: 'lot/1-valide.xml', content: siretsOf(ublInvoice({ number: good })) },
        { name: 'lot/2-illisible.xml', content: '<Invoice><cbc:ID>' },
        {
          name: 'lot/3-total-faux.xml',
          content: siretsOf(
            ublInvoice({
              number: wrongTotal,
              monetaryTotal:
                '<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">125.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">125.00</cbc:PayableAmount>',
            }),
          ),
        },
        { name: 'lot/4-service-inconnu.xml', content: siretsOf(ublInvoice({ number: unknownService, header: '<cbc:BuyerReference>INCONNU</cbc:BuyerReference>' })) },
        { name: 'lot/5-sans-numero.xml', content: siretsOf(ublInvoice({ number: '' })) },
        { name: 'lot/6-doublon.xml', content: siretsOf(ublInvoice({ number: good })) },
      ]),
    );
    const flow = await depositFlow(tarball, 'lot.tar.gz');
    const cr = await finalReport(flow);

    expect(cr.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
    expect(decodingErrors(ODOO_CR, cr).filter((e) => !e.includes('null'))).toEqual([]);
    expect(cr.listeErreurTechnique).toEqual([]);
    const byRule = (rule: string) => cr.listeErreurDP.find((e: { codeRegle: string }) => e.codeRegle === rule);
    expect(cr.listeErreurDP).toHaveLength(5);
    expect(byRule('LIASSE-XML-MALFORMED')).toMatchObject({
      numeroDP: null,
      nomFichierDP: 'lot/2-illisible.xml',
      libelleErreurDP: expect.stringMatching(/^lot\/2-illisible\.xml : /),
      severite: 'fatal',
      etape: 'file',
    });
    expect(byRule('BR-CO-15')).toMatchObject({
      numeroDP: wrongTotal,
      identifiantFournisseur: supplier.identifier,
      identifiantDestinataire: recipient.identifier,
      etape: 'en16931',
      severite: 'error',
      termeMetier: 'BT-112',
      emplacement: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount',
      valeurs: { expected: '120.00', actual: '125.00' },
      libelleErreurDP: 'Le montant total TTC (BT-112) doit être égal au montant total HT (BT-109) + le montant total de TVA (BT-110) : attendu 120.00, reçu 125.00.',
    });
    expect(byRule('LIASSE-SERVICE-NOT-FOUND')).toMatchObject({ numeroDP: unknownService, etape: 'recipient', termeMetier: 'BT-10', valeurs: expect.objectContaining({ serviceCode: 'INCONNU' }) });
    expect(byRule('BR-02')).toMatchObject({ etape: 'en16931', termeMetier: 'BT-1', emplacement: '/Invoice/cbc:ID' });
    expect(byRule('LIASSE-DUPLICATE-NUMBER')).toMatchObject({ numeroDP: good, etape: 'duplicate', statutCycleDeVie: 213, motifStatut: 'DOUBLON', nomFichierDP: 'lot/6-doublon.xml' });

    const res = await rest(erp, `/api/v1/flows/${flow}/report`);
    expect(res.status).toBe(200);
    if (process.env.FLOW_REPORT_SAMPLE) writeFileSync(process.env.FLOW_REPORT_SAMPLE, JSON.stringify({ report: res.body, consulterCRDetaille: cr }, null, 2));
    expect(res.body).toMatchObject({ flowNumber: flow, state: 'IN_INTEGRE_PARTIEL', final: true, findings: [], fileName: 'lot.tar.gz' });
    expect(res.body.documents.map((d: { sourceName: string }) => d.sourceName)).toEqual([
      'lot/1-valide.xml',
      'lot/2-illisible.xml',
      'lot/3-total-faux.xml',
      'lot/4-service-inconnu.xml',
      'lot/5-sans-numero.xml',
      'lot/6-doublon.xml',
    ]);
    const [valid, unreadable, totals, service, noNumber, duplicate] = res.body.documents;
    expect(valid).toMatchObject({ invoiceNumber: good, invoiceId: expect.any(String), report: { valid: true, syntax: 'UBL', findings: [] } });
    expect(unreadable).toMatchObject({ invoiceId: null, report: { valid: false, findings: [expect.objectContaining({ rule: 'LIASSE-XML-MALFORMED' })] } });
    expect(totals.report).toEqual({ valid: false, syntax: 'UBL', findings: [expect.objectContaining({ rule: 'BR-CO-15', message: { fr: expect.any(String), en: expect.any(String) } })] });
    expect(service).toMatchObject({ invoiceId: null, report: { valid: false, findings: [expect.objectContaining({ rule: 'LIASSE-SERVICE-NOT-FOUND', stage: 'recipient' })] } });
    expect(noNumber.report.valid).toBe(false);
    expect(duplicate.report).toEqual({
      valid: false,
      syntax: 'UBL',
      findings: [expect.objectContaining({ rule: 'LIASSE-DUPLICATE-NUMBER', stage: 'duplicate', reform: { status: 213, reason: 'DOUBLON' }, values: expect.objectContaining({ number: good }) })],
    });
    for (const document of res.body.documents.slice(1)) expect(document.invoiceId).toBeNull();
  }, 60_000);

  it('reports a flow that cannot be opened in listeErreurTechnique and in the flow’s findings, with no document', async () => {
    const traversal = gzipSync(makeTar([{ name: '../../etc/evil.xml', content: siretsOf(ublInvoice({ number: number() })) }]));
    const flow = await depositFlow(traversal, 'evil.tar.gz');
    const cr = await finalReport(flow);
    expect(cr.etatCourantDepotFlux).toBe('IN_REJETE');
    expect(cr.listeErreurDP).toEqual([]);
    expect(cr.listeErreurTechnique).toEqual([
      expect.objectContaining({ codeErreur: 'ARCHIVE_UNSAFE_PATH', natureErreur: 'FLUX', libelleErreur: expect.any(String), codeRegle: 'LIASSE-ARCHIVE-UNSAFE-PATH', severite: 'fatal', etape: 'file' }),
    ]);
    const res = await rest(erp, `/api/v1/flows/${flow}/report`);
    expect(res.body).toMatchObject({ state: 'IN_REJETE', documents: [], findings: [expect.objectContaining({ rule: 'LIASSE-ARCHIVE-UNSAFE-PATH', severity: 'fatal' })] });
  }, 60_000);

  it('never reports as valid a document whose integration failed for a technical reason; the others integrate', async () => {
    const broken = number();
    const fine = number();
    const invoices = t.app.get(ApiInvoicesService);
    const submitFromFlow = invoices.submitFromFlow.bind(invoices);
    const spy = jest.spyOn(invoices, 'submitFromFlow').mockImplementation(async (actor, input, files, flowNumber) => {
      if (input.number === broken) throw new Error('connection reset (simulated)');
      return submitFromFlow(actor, input, files, flowNumber);
    });
    try {
      const tarball = gzipSync(
        makeTar([
          { name: 'a.xml', content: siretsOf(ublInvoice({ number: broken })) },
          { name: 'b.xml', content: siretsOf(ublInvoice({ number: fine })) },
        ]),
      );
      const flow = await depositFlow(tarball, 'panne.tar.gz');
      const cr = await finalReport(flow);
      expect(cr.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
      expect(cr.listeErreurDP).toEqual([expect.objectContaining({ numeroDP: broken, codeRegle: 'LIASSE-TECHNICAL-ERROR', severite: 'fatal' })]);
      const res = await rest(erp, `/api/v1/flows/${flow}/report`);
      expect(res.body.documents.map((d: { invoiceNumber: string; invoiceId: string | null; report: { valid: boolean } }) => [d.invoiceNumber, d.invoiceId !== null, d.report.valid])).toEqual([
        [broken, false, false],
        [fine, true, true],
      ]);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('serves the report only to the depositing structure (404 for anyone else and for an unknown flow)', async () => {
    const flow = await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: number() }))), 'facture.xml');
    expect((await rest(erp, `/api/v1/flows/${flow}/report`)).status).toBe(200);
    const foreign = await rest(stranger, `/api/v1/flows/${flow}/report`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('INVOICING.FLOW_NOT_FOUND');
    expect((await rest(erp, '/api/v1/flows/CPP9999999999/report')).status).toBe(404);
    expect((await t.http.get(`/api/v1/flows/${flow}/report`)).status).toBe(401);
    await finalReport(flow);
  });
});
