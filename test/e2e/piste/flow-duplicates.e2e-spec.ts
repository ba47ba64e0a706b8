import { gzipSync } from 'node:zlib';
import { makeTar, ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { sql } from '../accounts/helpers';
import { ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { depositFlow as depositFlowOf, finalFlowReport, readdressed } from '../../factories/flows';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Issue 17: an invoice number the supplier already used, deposited in a flow, is a refusal of that invoice
 * (a `duplicate` finding with the reform's 213 / DOUBLON), never a flow stuck in IN_RECU; the other invoices
 * of the flow integrate, and a number repeated inside one flow is refused the second time. The application
 * runs both roles, so the flow's job is processed by the worker as in production.
 */
describe('PISTE API mode: duplicate invoice numbers in flows', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  let counter = 0;
  const number = (): string => `DUP-${Date.now().toString(36)}-${++counter}`.slice(0, 20);
  const siretsOf = (xml: string): string => readdressed(xml, supplier, recipient);

  const depositFlow = (content: Buffer, nomFichier: string): Promise<string> => depositFlowOf(t, erp, content, nomFichier);
  const finalReport = (numeroFluxDepot: string): Promise<Record<string, any>> => finalFlowReport(t, erp, numeroFluxDepot);

  const invoicesOf = async (flowNumber: string): Promise<string[]> =>
    (await sql<{ number: string }>(t, 'select number from invoice where deposit_flow_number = ? and submitted_at is not null order by number', [flowNumber])).map((r) => r.number);

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '20' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('rejects a flow whose only invoice number was already used, with the duplicate reason, instead of leaving it IN_RECU', async () => {
    const used = number();
    const first = await finalReport(await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: used }))), 'premier.xml'));
    expect(first.etatCourantDepotFlux).toBe('IN_INTEGRE');

    const again = await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: used }))), 'doublon.xml');
    const report = await finalReport(again);
    expect(report.etatCourantDepotFlux).toBe('IN_REJETE');
    expect(report.listeErreurDP).toEqual([
      expect.objectContaining({
        numeroDP: used,
        identifiantFournisseur: supplier.identifier,
        identifiantDestinataire: recipient.identifier,
        libelleErreurDP: expect.stringContaining(used),
        codeRegle: 'LIASSE-DUPLICATE-NUMBER',
        etape: 'duplicate',
        severite: 'error',
        termeMetier: 'BT-1',
        emplacement: '/Invoice/cbc:ID',
        valeurs: expect.objectContaining({ number: used, year: '2026' }),
        statutCycleDeVie: 213,
        motifStatut: 'DOUBLON',
      }),
    ]);
    expect(report.listeErreurTechnique).toEqual([]);
    expect(await invoicesOf(again)).toEqual([]);
  }, 60_000);

  it('integrates the other invoices of a multi-invoice flow and refuses only the duplicates, a number repeated inside the flow included', async () => {
    const used = number();
    await finalReport(await depositFlow(Buffer.from(siretsOf(ublInvoice({ number: used }))), 'premier.xml'));
    const fresh = [number(), number()];
    const twice = number();
    const tarball = gzipSync(
      makeTar([
        { name: 'a.xml', content: siretsOf(ublInvoice({ number: fresh[0] })) },
        { name: 'b.xml', content: siretsOf(ublInvoice({ number: used })) },
        { name: 'c.xml', content: siretsOf(ublInvoice({ number: twice })) },
        { name: 'd.xml', content: siretsOf(ublInvoice({ number: twice })) },
        { name: 'e.xml', content: siretsOf(ublInvoice({ number: fresh[1] })) },
      ]),
    );
    const flow = await depositFlow(tarball, 'lot.tar.gz');
    const report = await finalReport(flow);
    expect(report.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
    expect(report.listeErreurDP.map((e: { numeroDP: string }) => e.numeroDP).sort()).toEqual([used, twice].sort());
    expect(await invoicesOf(flow)).toEqual([...fresh, twice].sort());
  }, 60_000);
});
