import { RECIPIENT_SIRET, SUPPLIER_SIRET } from '../../src/lib/einvoice/__fixtures__/flow-fixtures';
import { TestApp } from '../support/test-app';
import { waitUntil } from './accounts';
import { cpro, ErpConnection } from './connections';

/** The states a flow's processing ends in. */
export const FINAL_FLOW_STATES = ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'];

/** A fixture document (written for the fixtures' SIRETs) addressed from `supplier` to `recipient` of this test. */
export function readdressed(xml: string, supplier: { identifier: string }, recipient: { identifier: string }): string {
  return xml.split(SUPPLIER_SIRET).join(supplier.identifier).split(RECIPIENT_SIRET).join(recipient.identifier);
}

/** `deposer/flux` as an ERP calls it; the flow's number (the deposit must be accepted). */
export async function depositFlow(t: TestApp, erp: ErpConnection, content: Buffer, nomFichier: string, syntaxeFlux = 'IN_DP_E1_UBL_INVOICE'): Promise<string> {
  const res = await cpro(t, erp, 'factures/v1/deposer/flux', { fichierFlux: content.toString('base64'), nomFichier, syntaxeFlux, avecSignature: false });
  if (res.body.codeRetour !== 0) throw new Error(`deposer/flux refused: ${res.status} ${res.text}`);
  return res.body.numeroFluxDepot as string;
}

/** `consulterCRDetaille` once the worker has processed the flow (the outbox flushed meanwhile). */
export async function finalFlowReport(t: TestApp, erp: ErpConnection, numeroFluxDepot: string): Promise<Record<string, any>> {
  let report: Record<string, any> = {};
  await waitUntil(async () => {
    await t.flushOutbox();
    report = (await cpro(t, erp, 'transverses/v1/consulterCRDetaille', { numeroFluxDepot })).body;
    return FINAL_FLOW_STATES.includes(report.etatCourantDepotFlux);
  }, 30_000);
  return report;
}
