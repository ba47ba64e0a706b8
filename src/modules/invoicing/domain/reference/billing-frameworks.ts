import { ReferenceItem } from './reference-item';

/**
 * Billing frameworks ("cadres de facturation", `codeCadreFacturation`): who deposits what. Codes are
 * the platform's exact API codes (A4..A8, A10..A25 carry the depositor in their name).
 * Supported now: A1, A2, A9, A12 (DOMAIN.md); works invoices (A4-A8, A10-A20, A22-A25), court-cost
 * statements (A3) and fuel-tax refunds (A21) come later and are listed as reference data only.
 */
export const BILLING_FRAMEWORK_DEPOSITORS = ['FOURNISSEUR', 'SOUS_TRAITANT', 'COTRAITANT', 'MOE', 'MOA', 'BENEFICIAIRE'] as const;
export type BillingFrameworkDepositor = (typeof BILLING_FRAMEWORK_DEPOSITORS)[number];

/** Which family of document, hence which application ("Factures émises", "Factures de travaux"...). */
export const BILLING_FRAMEWORK_DOMAINS = ['FACTURE', 'FACTURE_TRAVAUX', 'MEMOIRE_JUSTICE', 'REMBOURSEMENT_TIC'] as const;
export type BillingFrameworkDomain = (typeof BILLING_FRAMEWORK_DOMAINS)[number];

export interface BillingFramework<Code extends string = string> extends ReferenceItem<Code> {
  /** 1 for A1: the short code the portal shows ("A1"). */
  readonly number: number;
  readonly depositor: BillingFrameworkDepositor;
  readonly domain: BillingFrameworkDomain;
  readonly supported: boolean;
}

const framework = <const Code extends string>(
  code: Code,
  depositor: BillingFrameworkDepositor,
  domain: BillingFrameworkDomain,
  labelFr: string,
  labelEn: string,
  supported = false,
): BillingFramework<Code> => ({ code, number: Number(/^A(\d+)_/.exec(code)?.[1]), depositor, domain, labelFr, labelEn, supported });

export const BILLING_FRAMEWORKS = [
  framework('A1_FACTURE_FOURNISSEUR', 'FOURNISSEUR', 'FACTURE', "Dépôt par un fournisseur d'une facture", 'Invoice deposited by a supplier', true),
  framework(
    'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE',
    'FOURNISSEUR',
    'FACTURE',
    "Dépôt par un fournisseur d'une facture déjà payée (ex : carte d'achat)",
    'Already paid invoice deposited by a supplier (e.g. purchasing card)',
    true,
  ),
  framework('A3_MEMOIRE_JUSTICE', 'FOURNISSEUR', 'MEMOIRE_JUSTICE', "Dépôt par un fournisseur d'un mémoire de frais de justice", 'Court-costs statement deposited by a supplier'),
  framework(
    'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR',
    'FOURNISSEUR',
    'FACTURE_TRAVAUX',
    "Dépôt par un fournisseur d'un projet de décompte mensuel",
    'Draft monthly statement deposited by a supplier',
  ),
  framework('A5_ETAT_ACOMPTE_FOURNISSEUR', 'FOURNISSEUR', 'FACTURE_TRAVAUX', "Dépôt par un fournisseur d'un état d'acompte", 'Interim payment statement deposited by a supplier'),
  framework(
    'A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR',
    'FOURNISSEUR',
    'FACTURE_TRAVAUX',
    "Dépôt par un fournisseur d'un état d'acompte validé",
    'Validated interim payment statement deposited by a supplier',
  ),
  framework(
    'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR',
    'FOURNISSEUR',
    'FACTURE_TRAVAUX',
    "Dépôt par un fournisseur d'un projet de décompte final",
    'Draft final statement deposited by a supplier',
  ),
  framework(
    'A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR',
    'FOURNISSEUR',
    'FACTURE_TRAVAUX',
    "Dépôt par un fournisseur d'un décompte général et définitif",
    'Final general statement deposited by a supplier',
  ),
  framework('A9_FACTURE_SOUSTRAITANT', 'SOUS_TRAITANT', 'FACTURE', "Dépôt par un sous-traitant d'une facture", 'Invoice deposited by a subcontractor', true),
  framework(
    'A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT',
    'SOUS_TRAITANT',
    'FACTURE_TRAVAUX',
    "Dépôt par un sous-traitant d'un projet de décompte mensuel",
    'Draft monthly statement deposited by a subcontractor',
  ),
  framework(
    'A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT',
    'SOUS_TRAITANT',
    'FACTURE_TRAVAUX',
    "Dépôt par un sous-traitant d'un projet de décompte final",
    'Draft final statement deposited by a subcontractor',
  ),
  framework('A12_FACTURE_COTRAITANT', 'COTRAITANT', 'FACTURE', "Dépôt par un cotraitant d'une facture", 'Invoice deposited by a co-contractor', true),
  framework(
    'A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT',
    'COTRAITANT',
    'FACTURE_TRAVAUX',
    "Dépôt par un cotraitant d'un projet de décompte mensuel",
    'Draft monthly statement deposited by a co-contractor',
  ),
  framework(
    'A14_PROJET_DECOMPTE_FINAL_COTRAITANT',
    'COTRAITANT',
    'FACTURE_TRAVAUX',
    "Dépôt par un cotraitant d'un projet de décompte final",
    'Draft final statement deposited by a co-contractor',
  ),
  framework('A15_ETAT_ACOMPTE_MOE', 'MOE', 'FACTURE_TRAVAUX', "Dépôt par la maîtrise d'œuvre d'un état d'acompte", 'Interim payment statement deposited by the project manager'),
  framework(
    'A16_ETAT_ACOMPTE_VALIDE_MOE',
    'MOE',
    'FACTURE_TRAVAUX',
    "Dépôt par la maîtrise d'œuvre d'un état d'acompte validé",
    'Validated interim payment statement deposited by the project manager',
  ),
  framework(
    'A17_PROJET_DECOMPTE_GENERAL_MOE',
    'MOE',
    'FACTURE_TRAVAUX',
    "Dépôt par la maîtrise d'œuvre d'un projet de décompte général",
    'Draft general statement deposited by the project manager',
  ),
  framework('A18_DECOMPTE_GENERAL_MOE', 'MOE', 'FACTURE_TRAVAUX', "Dépôt par la maîtrise d'œuvre d'un décompte général", 'General statement deposited by the project manager'),
  framework(
    'A19_ETAT_ACOMPTE_VALIDE_MOA',
    'MOA',
    'FACTURE_TRAVAUX',
    "Dépôt par la maîtrise d'ouvrage d'un état d'acompte validé",
    'Validated interim payment statement deposited by the contracting authority',
  ),
  framework('A20_DECOMPTE_GENERAL_MOA', 'MOA', 'FACTURE_TRAVAUX', "Dépôt par la maîtrise d'ouvrage d'un décompte général", 'General statement deposited by the contracting authority'),
  framework(
    'A21_DEMANDE_REMBOURSEMENT_TIC',
    'BENEFICIAIRE',
    'REMBOURSEMENT_TIC',
    "Dépôt par un bénéficiaire d'une demande de remboursement de la TIC",
    'Fuel excise duty (TIC) refund request deposited by a beneficiary',
  ),
  framework(
    'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE',
    'FOURNISSEUR',
    'FACTURE_TRAVAUX',
    "Dépôt par un fournisseur d'un projet de décompte général dans le cadre d'une procédure tacite",
    'Draft general statement deposited by a supplier under the tacit procedure',
  ),
  framework(
    'A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR',
    'FOURNISSEUR',
    'FACTURE_TRAVAUX',
    "Dépôt par un fournisseur d'un décompte général et définitif tacite",
    'Tacit final general statement deposited by a supplier',
  ),
  framework(
    'A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE',
    'MOE',
    'FACTURE_TRAVAUX',
    "Dépôt par la maîtrise d'œuvre d'un décompte général et définitif tacite",
    'Tacit final general statement deposited by the project manager',
  ),
  framework(
    'A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE',
    'MOE',
    'FACTURE_TRAVAUX',
    "Dépôt par la maîtrise d'œuvre d'un décompte général et définitif dans le cadre d'une procédure tacite",
    'Final general statement deposited by the project manager under the tacit procedure',
  ),
] as const;

export type BillingFrameworkCode = (typeof BILLING_FRAMEWORKS)[number]['code'];

/**
 * A subcontractor's (A9) or co-contractor's (A12) invoice goes first to a validating structure (the main
 * contractor, the group's representative), « Factures à valider »; the others have no circuit.
 */
export const hasValidationCircuit = (framework: BillingFramework): boolean =>
  framework.domain === 'FACTURE' && (framework.depositor === 'SOUS_TRAITANT' || framework.depositor === 'COTRAITANT');

export const SUPPORTED_BILLING_FRAMEWORKS: readonly BillingFramework<BillingFrameworkCode>[] = BILLING_FRAMEWORKS.filter(
  (item) => item.supported,
);

/**
 * Finds a framework by its API code or by its short code as shown on the portal ("A1", "a12"),
 * tolerating surrounding spaces and case: clients and CSV imports use both forms.
 */
export function findBillingFramework(codeOrShortCode: string): BillingFramework<BillingFrameworkCode> | undefined {
  const wanted = codeOrShortCode.trim().toUpperCase();
  return BILLING_FRAMEWORKS.find((item) => item.code === wanted || `A${item.number}` === wanted);
}

export const isSupportedBillingFramework = (codeOrShortCode: string): boolean =>
  findBillingFramework(codeOrShortCode)?.supported === true;
