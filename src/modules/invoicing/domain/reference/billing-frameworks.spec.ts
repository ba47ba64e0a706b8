import { BILLING_FRAMEWORKS, findBillingFramework, isSupportedBillingFramework, SUPPORTED_BILLING_FRAMEWORKS } from './billing-frameworks';

describe('billing frameworks', () => {
  it('lists A1..A25 in order, with the exact platform codes', () => {
    expect(BILLING_FRAMEWORKS.map((item) => item.number)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
    expect(BILLING_FRAMEWORKS.map((item) => item.code)).toEqual([
      'A1_FACTURE_FOURNISSEUR',
      'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE',
      'A3_MEMOIRE_JUSTICE',
      'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR',
      'A5_ETAT_ACOMPTE_FOURNISSEUR',
      'A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR',
      'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR',
      'A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR',
      'A9_FACTURE_SOUSTRAITANT',
      'A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT',
      'A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT',
      'A12_FACTURE_COTRAITANT',
      'A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT',
      'A14_PROJET_DECOMPTE_FINAL_COTRAITANT',
      'A15_ETAT_ACOMPTE_MOE',
      'A16_ETAT_ACOMPTE_VALIDE_MOE',
      'A17_PROJET_DECOMPTE_GENERAL_MOE',
      'A18_DECOMPTE_GENERAL_MOE',
      'A19_ETAT_ACOMPTE_VALIDE_MOA',
      'A20_DECOMPTE_GENERAL_MOA',
      'A21_DEMANDE_REMBOURSEMENT_TIC',
      'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE',
      'A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR',
      'A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE',
      'A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE',
    ]);
  });

  it('supports A1, A2, A9 and A12 only', () => {
    expect(SUPPORTED_BILLING_FRAMEWORKS.map((item) => item.code)).toEqual([
      'A1_FACTURE_FOURNISSEUR',
      'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE',
      'A9_FACTURE_SOUSTRAITANT',
      'A12_FACTURE_COTRAITANT',
    ]);
    for (const item of SUPPORTED_BILLING_FRAMEWORKS) expect(item.domain).toBe('FACTURE');
  });

  it('names the depositor and the document family', () => {
    expect(findBillingFramework('A9')).toMatchObject({ depositor: 'SOUS_TRAITANT', domain: 'FACTURE' });
    expect(findBillingFramework('A12')).toMatchObject({ depositor: 'COTRAITANT' });
    expect(findBillingFramework('A3')).toMatchObject({ domain: 'MEMOIRE_JUSTICE', supported: false });
    expect(findBillingFramework('A21')).toMatchObject({ depositor: 'BENEFICIAIRE', domain: 'REMBOURSEMENT_TIC' });
    expect(findBillingFramework('A19')).toMatchObject({ depositor: 'MOA', domain: 'FACTURE_TRAVAUX' });
    expect(BILLING_FRAMEWORKS.filter((item) => item.domain === 'FACTURE_TRAVAUX')).toHaveLength(19) // A4-A8, A10, A11, A13-A20, A22-A25;
  });

  it('finds by API code or by short code, leniently', () => {
    expect(findBillingFramework('A1_FACTURE_FOURNISSEUR')?.number).toBe(1);
    expect(findBillingFramework(' a12 ')?.code).toBe('A12_FACTURE_COTRAITANT');
    expect(findBillingFramework('a2_facture_fournisseur_deja_payee')?.number).toBe(2);
    expect(findBillingFramework('A1')?.code).toBe('A1_FACTURE_FOURNISSEUR'); // not A10..A19
    expect(findBillingFramework('A26')).toBeUndefined();
    expect(findBillingFramework('A4_PROJET_DECOMPTE_MENSUEL')).toBeUndefined();
    expect(findBillingFramework('')).toBeUndefined();
  });

  it('says which are supported', () => {
    expect(isSupportedBillingFramework('A1_FACTURE_FOURNISSEUR')).toBe(true);
    expect(isSupportedBillingFramework('A9')).toBe(true);
    expect(isSupportedBillingFramework('A4')).toBe(false);
    expect(isSupportedBillingFramework('nope')).toBe(false);
  });
});
