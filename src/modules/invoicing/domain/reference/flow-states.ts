import { ReferenceItem } from './reference-item';

/**
 * States of a deposited flow (`etatCourantDepotFlux`): IN_RECU -> IN_EN_ATTENTE_TRAITEMENT_CPP ->
 * IN_EN_COURS_TRAITEMENT_CPP -> one final state. Clients poll until `final`.
 */
export interface FlowState<Code extends string = string> extends ReferenceItem<Code> {
  readonly final: boolean;
}

export const FLOW_STATES = [
  { code: 'IN_RECU', labelFr: 'Reçu', labelEn: 'Received', final: false },
  { code: 'IN_EN_ATTENTE_TRAITEMENT_CPP', labelFr: 'En attente de traitement', labelEn: 'Waiting for processing', final: false },
  { code: 'IN_EN_COURS_TRAITEMENT_CPP', labelFr: 'En cours de traitement', labelEn: 'Being processed', final: false },
  { code: 'IN_INTEGRE', labelFr: 'Intégré', labelEn: 'Integrated', final: true },
  { code: 'IN_INTEGRE_PARTIEL', labelFr: 'Intégré partiellement', labelEn: 'Partially integrated', final: true },
  { code: 'IN_REJETE', labelFr: 'Rejeté', labelEn: 'Rejected', final: true },
  { code: 'IN_INCIDENTE', labelFr: 'Incidenté', labelEn: 'Technical incident', final: true },
] as const satisfies readonly FlowState[];

export type FlowStateCode = (typeof FLOW_STATES)[number]['code'];

const FINAL_FLOW_STATES: ReadonlySet<string> = new Set(FLOW_STATES.filter((state) => state.final).map((state) => state.code));

export const isFinalFlowState = (code: FlowStateCode): boolean => FINAL_FLOW_STATES.has(code);
