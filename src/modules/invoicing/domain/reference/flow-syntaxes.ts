import { ReferenceItem } from './reference-item';

/**
 * Flow syntaxes accepted by factures/v1/deposer/flux (`syntaxeFlux`). E1 = structured XML carrying
 * the whole invoice; E2 = minimal XML + PDF (the PDF is the invoice), Factur-X being a PDF/A-3 with
 * its CII XML embedded.
 */
export interface FlowSyntax<Code extends string = string> extends ReferenceItem<Code> {
  readonly family: 'E1' | 'E2';
  readonly format: 'UBL' | 'CII' | 'CPP' | 'FACTURX';
}

export const FLOW_SYNTAXES = [
  { code: 'IN_DP_E1_UBL_INVOICE', family: 'E1', format: 'UBL', labelFr: 'E1 – UBL Invoice (XML structuré)', labelEn: 'E1 – UBL Invoice (structured XML)' },
  { code: 'IN_DP_E1_CII_16B', family: 'E1', format: 'CII', labelFr: 'E1 – CII D16B (XML structuré)', labelEn: 'E1 – CII D16B (structured XML)' },
  { code: 'IN_DP_E2_UBL_INVOICE_MIN', family: 'E2', format: 'UBL', labelFr: 'E2 – UBL Invoice minimal + PDF', labelEn: 'E2 – minimal UBL Invoice + PDF' },
  { code: 'IN_DP_E2_CII_MIN_16B', family: 'E2', format: 'CII', labelFr: 'E2 – CII D16B minimal + PDF', labelEn: 'E2 – minimal CII D16B + PDF' },
  { code: 'IN_DP_E2_CPP_FACTURE_MIN', family: 'E2', format: 'CPP', labelFr: 'E2 – format CPP Facture minimal + PDF', labelEn: 'E2 – minimal CPP Facture format + PDF' },
  { code: 'IN_DP_E2_CII_FACTURX', family: 'E2', format: 'FACTURX', labelFr: 'E2 – Factur-X (PDF/A-3 avec XML CII)', labelEn: 'E2 – Factur-X (PDF/A-3 with CII XML)' },
] as const satisfies readonly FlowSyntax[];

export type FlowSyntaxCode = (typeof FLOW_SYNTAXES)[number]['code'];
