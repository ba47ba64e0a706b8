import { ReferenceItem } from './reference-item';

/**
 * How an invoice entered the platform (`modeDepot`). SAISIE_API and DEPOT_PDF_API are what
 * factures/v1/soumettre accepts; the web modes are set by the portal; DEPOT_FLUX by the flow worker
 * (XML / Factur-X deposits). DEPOT_PDF_SIGNE_API exists on the real platform (signed PDF) and is
 * listed for fidelity but not accepted yet.
 */
export const DEPOSIT_MODES = [
  { code: 'SAISIE_API', labelFr: 'Saisie API', labelEn: 'API entry', channel: 'API', supported: true },
  { code: 'DEPOT_PDF_API', labelFr: 'Dépôt API PDF non signé', labelEn: 'API unsigned PDF deposit', channel: 'API', supported: true },
  { code: 'DEPOT_PDF_SIGNE_API', labelFr: 'Dépôt API PDF signé', labelEn: 'API signed PDF deposit', channel: 'API', supported: false },
  { code: 'SAISIE_WEB', labelFr: 'Saisie portail', labelEn: 'Portal entry', channel: 'WEB', supported: true },
  { code: 'DEPOT_PDF_WEB', labelFr: 'Dépôt portail PDF non signé', labelEn: 'Portal unsigned PDF deposit', channel: 'WEB', supported: true },
  { code: 'DEPOT_FLUX', labelFr: 'Dépôt de flux', labelEn: 'Flow deposit', channel: 'FLUX', supported: true },
] as const satisfies readonly (ReferenceItem & { readonly channel: 'API' | 'WEB' | 'FLUX'; readonly supported: boolean })[];

export type DepositMode = (typeof DEPOSIT_MODES)[number]['code'];

/** The `modeDepot` values factures/v1/soumettre accepts. */
export const API_SUBMISSION_DEPOSIT_MODES = ['SAISIE_API', 'DEPOT_PDF_API'] as const satisfies readonly DepositMode[];
