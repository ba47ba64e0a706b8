/**
 * Small reference table of PRIVATE companies, read by the default (offline) adapter of the company
 * registry port to prefill structure creation; the INSEE Sirene adapter replaces it in production.
 *
 * All companies and identifiers are FICTITIOUS: SIRETs are synthetic with valid Luhn keys, VAT numbers
 * are derived from the SIREN by the French rule (company-registry.spec.ts checks both).
 */
import type { ReferenceAddress } from './reference-address';

export interface CompanyRegistryEntry {
  siret: string;
  companyName: string;
  address: ReferenceAddress;
  /** French intra-community VAT number: FR + 2-digit key + SIREN. */
  vatNumber: string;
}

/** The supplier used by the demo sandbox and the e2e journeys. */
export const DEMO_SUPPLIER_SIRET = '91234567500017';

export const COMPANY_REGISTRY: readonly CompanyRegistryEntry[] = [
  {
    siret: DEMO_SUPPLIER_SIRET,
    companyName: 'Liasse Démo Fournisseur SAS',
    address: { line1: '10 rue du Faubourg Montmartre', postalCode: '75009', city: 'Paris', country: 'FR' },
    vatNumber: 'FR65912345675',
  },
  {
    siret: '48215936500022',
    companyName: 'Boulangerie Pâtisserie Martin SARL',
    address: { line1: '24 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
    vatNumber: 'FR42482159365',
  },
  {
    siret: '52387410500019',
    companyName: 'Atelier Numérique Garonne SAS',
    address: { line1: '8 quai des Chartrons', postalCode: '33000', city: 'Bordeaux', country: 'FR' },
    vatNumber: 'FR03523874105',
  },
  {
    siret: '39876213800012',
    companyName: 'Transports Lefebvre et Fils SA',
    address: { line1: '112 rue Nationale', postalCode: '59800', city: 'Lille', country: 'FR' },
    vatNumber: 'FR73398762138',
  },
  {
    siret: '81543290100032',
    companyName: 'Nettoyage Industriel de l\'Ouest SARL',
    address: { line1: '5 boulevard de la Prairie au Duc', postalCode: '44200', city: 'Nantes', country: 'FR' },
    vatNumber: 'FR37815432901',
  },
  {
    siret: '44912378500015',
    companyName: 'Occitanie Ingénierie SAS',
    address: { line1: '31 allées Jean Jaurès', postalCode: '31000', city: 'Toulouse', country: 'FR' },
    vatNumber: 'FR45449123785',
  },
  {
    siret: '75602894000010',
    companyName: 'Fournitures Médicales Provence SAS',
    address: { line1: '47 rue de la Joliette', postalCode: '13002', city: 'Marseille', country: 'FR' },
    vatNumber: 'FR46756028940',
  },
  {
    siret: '63119845400029',
    companyName: 'Imprimerie Rhénane SARL',
    address: { line1: '3 rue du Vieux-Marché-aux-Poissons', postalCode: '67000', city: 'Strasbourg', country: 'FR' },
    vatNumber: 'FR77631198454',
  },
  {
    siret: '33485672100017',
    companyName: 'Papeterie Centrale de Bretagne EURL',
    address: { line1: '18 quai Lamartine', postalCode: '35000', city: 'Rennes', country: 'FR' },
    vatNumber: 'FR54334856721',
  },
];

/** Lookup by SIRET (spaces tolerated, as users paste "912 345 675 00017"), or null. */
export function findCompanyBySiret(siret: string): CompanyRegistryEntry | null {
  const normalised = siret.replace(/\s+/g, '');
  return COMPANY_REGISTRY.find((c) => c.siret === normalised) ?? null;
}
