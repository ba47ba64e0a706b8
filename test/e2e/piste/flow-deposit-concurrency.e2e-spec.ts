import { ublInvoice } from '../../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { cpro, ErpConnection, givenErpConnection } from '../../factories/connections';
import { givenPublicRecipient, givenSupplier, PublicRecipient, Supplier } from '../../factories/invoicing';
import { readdressed } from '../../factories/flows';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * Found by the flow benchmark: each deposit's transaction took a second pooled connection for the flow number
 * (`getConnection().execute` instead of the transaction's own), so as many concurrent deposits as the pool
 * has connections deadlocked until the pool's acquire timeout, and every ERP got a 503.
 */
describe('PISTE API mode: concurrent flow deposits', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  let erp: ErpConnection;

  beforeAll(async () => {
    // A pool of two and 24 deposits at once: with a second connection per deposit, it never comes.
    t = await startTestApp({ DATABASE_POOL_MAX: '2', APP_ROLE: 'api' });
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { services: [{ code: 'SERV-01' }] });
    erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers every one of more concurrent deposits than the pool has connections, each with its own flow number', async () => {
    const xml = (n: number): string => readdressed(ublInvoice({ number: `CC-${n}` }), supplier, recipient);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, n) =>
        cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: Buffer.from(xml(n)).toString('base64'), nomFichier: `f${n}.xml`, syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', avecSignature: false }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
    expect(new Set(answers.map((a) => a.body.numeroFluxDepot)).size).toBe(24);
  }, 20_000);
});
