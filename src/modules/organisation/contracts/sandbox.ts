/** The sandbox's demo structures (created by `npm run seed`), so other contexts' seeds can attach records to them. */
export const SANDBOX_DEMO_STRUCTURES = {
  /** The demo supplier's company, managed by demo.fournisseur@liasse.localhost. */
  supplierSiret: '91234567500017',
  /** COMMUNE DE LYON, the demo public recipient, managed by demo.acheteur@liasse.localhost. */
  recipientSiret: '21690123100011',
  /**
   * Atelier Numérique Garonne SAS: a supplier that gave the demo supplier a billing mandate (habilitations'
   * seed). Managed by demo.acheteur@liasse.localhost, so that one terminal plays both sides of a mandate.
   */
  mandatorSiret: '52387410500019',
  /** Occitanie Ingénierie SAS, the main contractor validating A9/A12 invoices, managed by demo.titulaire@liasse.localhost. */
  validatorSiret: '44912378500015',
} as const;
