import { Writable } from 'node:stream';
import { RECIPIENT_SIRET, SUPPLIER_SIRET, ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { ProcessFlow } from '../../../src/modules/invoicing/application/flows.use-cases';
import { StuckFlowSweep } from '../../../src/modules/invoicing/jobs/flow.handlers';
import { sql } from '../accounts/helpers';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

const METRICS_TOKEN = 'flow-sweep-metrics-token-0123456789';

/**
 * Issue 17: the stuck-flow sweep survives any one failure. Flows whose job was lost (API role only: no relay, no
 * worker) are swept: one flow's processing failing does not stop the loop, a duplicate number is a refusal
 * there too (the sweep used to hit the unique index like the job), the sweep's log line counts the failure,
 * and `liasse_flows_waiting` shows the flow left waiting.
 */
describe('PISTE API mode: the stuck-flow sweep goes on after a failure', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;
  const logs: Record<string, unknown>[] = [];
  let counter = 0;
  const number = (): string => `SW-${Date.now().toString(36)}-${++counter}`.slice(0, 20);
  const siretsOf = (xml: string): string => xml.split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier);

  // `variant` makes the bytes differ: the same file again within 10 minutes would be the first flow (doublon).
  async function deposit(invoiceNumber: string, variant = ''): Promise<string> {
    const xml = Buffer.from(siretsOf(ublInvoice({ number: invoiceNumber })) + variant);
    const res = await cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: xml.toString('base64'), nomFichier: 'flux.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' });
    expect(res.body.codeRetour).toBe(0);
    return res.body.numeroFluxDepot as string;
  }

  const stateOf = async (flowNumber: string): Promise<string> =>
    (await cpro(t, erp, 'transverses/v1/consulterCR', { numeroFluxDepot: flowNumber })).body.etatCourantDepotFlux;

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
        done();
      },
    });
    t = await startTestApp({ APP_ROLE: 'api', LOG_LEVEL: 'info', METRICS_TOKEN }, { logStream });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('processes every other stuck flow when one fails, rejects a duplicate, and reports the failure', async () => {
    const used = number();
    const failing = await deposit(number());
    t.clock.advance(1000);
    const original = await deposit(used);
    t.clock.advance(1000);
    const duplicate = await deposit(used, '\n');
    t.clock.advance(1000);
    const fine = await deposit(number());
    const [{ id: failingId }] = await sql<{ id: string }>(t, 'select id from invoice_flow where flow_number = ?', [failing]);

    const process = t.app.get(ProcessFlow);
    const execute = process.execute.bind(process);
    const spy = jest.spyOn(process, 'execute').mockImplementation(async (flowId: string) => {
      if (flowId === failingId) throw new Error('connection reset while processing (simulated)');
      return execute(flowId);
    });
    t.clock.advance(16 * 60 * 1000);
    try {
      expect(await t.app.get(StuckFlowSweep).run()).toBe(3);
    } finally {
      t.clock.advance(-16 * 60 * 1000 - 3000);
      spy.mockRestore();
    }

    expect(await stateOf(failing)).toBe('IN_RECU');
    expect(await stateOf(original)).toBe('IN_INTEGRE');
    expect(await stateOf(duplicate)).toBe('IN_REJETE');
    expect(await stateOf(fine)).toBe('IN_INTEGRE');
    const report = await cpro(t, erp, 'transverses/v1/consulterCRDetaille', { numeroFluxDepot: duplicate });
    expect(report.body.listeErreurDP).toEqual([expect.objectContaining({ numeroDP: used, codeRegle: 'LIASSE-DUPLICATE-NUMBER', motifStatut: 'DOUBLON' })]);

    expect(logs).toContainEqual(expect.objectContaining({ msg: 'stuck flow could not be processed; the sweep goes on', flowId: failingId }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'stuck-flow sweep: some flows failed', found: 4, processed: 3, failed: 1 }));

    const metrics = await t.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/liasse_flows_waiting\{measure="count"\} 1\b/);
  });
});
