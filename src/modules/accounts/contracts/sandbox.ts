/** The sandbox's demo people (created by `npm run seed`), so other contexts' seeds can give them a role. */
export const SANDBOX_DEMO_USERS = {
  supplier: { email: 'demo.fournisseur@liasse.localhost', firstName: 'Denise', lastName: 'Fournier' },
  recipient: { email: 'demo.acheteur@liasse.localhost', firstName: 'Antoine', lastName: 'Acheteur' },
  /** Validates A9/A12 invoices (« Factures à valider ») as the main contractor's principal manager. */
  validator: { email: 'demo.titulaire@liasse.localhost', firstName: 'Valérie', lastName: 'Titulaire' },
} as const;
