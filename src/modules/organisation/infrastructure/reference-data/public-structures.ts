/**
 * Seed set of PUBLIC structures for the demo sandbox and tests (annuaire des structures publiques).
 *
 * Names and addresses are those of real public bodies so the demo reads naturally, but apart from the
 * State's 11000201100044 the SIRETs are SYNTHETIC: built with valid Luhn keys (SIREN and SIRET) and the
 * usual INSEE prefixes (21 commune, 22 département, 24 EPCI, 26 hospital, 19 higher education…), they
 * are not guaranteed to be the bodies' real identifiers. Never use them to send real invoices.
 * public-structures.spec.ts checks every SIRET with the domain validator.
 */
import { STATE_SIRET } from '../../domain/structure-identifier';
import {
  legalPaymentDelayDays,
  type PublicBodyCategory,
  type StructureParameters,
} from '../../domain/structure-parameters';
import type { ReferenceAddress } from './reference-address';

export interface PublicServiceSeed {
  /** Unique within its structure (the same code may exist elsewhere). */
  code: string;
  label: string;
  description: string;
  /** 'YYYY-MM-DD' */
  activationStart: string;
  /** 'YYYY-MM-DD', inclusive; absent = open-ended. */
  activationEnd?: string;
  active: boolean;
  engagementRequired: boolean;
}

export interface PublicStructureSeed {
  identifierType: 'SIRET';
  siret: string;
  structureType: 'PUBLIQUE';
  companyName: string;
  category: PublicBodyCategory;
  address: ReferenceAddress;
  parameters: StructureParameters;
  /** Legal payment delay (DGP) in days, from legalPaymentDelayDays(category). */
  paymentDelayDays: number;
  services: readonly PublicServiceSeed[];
}

const NOTHING_REQUIRED: StructureParameters = {
  serviceCodeRequired: false,
  engagementRequired: false,
  serviceCodeOrEngagementRequired: false,
  paymentStatusNotReported: false,
  canReceiveEdi: false,
  moaPresence: 'NONE',
};

function structure(
  seed: Omit<PublicStructureSeed, 'identifierType' | 'structureType' | 'paymentDelayDays' | 'parameters'> & {
    parameters: Partial<StructureParameters>;
  },
): PublicStructureSeed {
  return {
    identifierType: 'SIRET',
    structureType: 'PUBLIQUE',
    ...seed,
    parameters: { ...NOTHING_REQUIRED, ...seed.parameters },
    paymentDelayDays: legalPaymentDelayDays(seed.category),
  };
}

export const PUBLIC_STRUCTURES: readonly PublicStructureSeed[] = [
  // The State: one SIRET for every ministry; service code and engagement number always required.
  structure({
    siret: STATE_SIRET,
    companyName: 'ETAT',
    category: 'ETAT',
    address: { line1: '139 rue de Bercy', postalCode: '75012', city: 'Paris', country: 'FR' },
    parameters: { serviceCodeRequired: true, engagementRequired: true, canReceiveEdi: true },
    services: [
      {
        code: 'FACTURES_MEF_SG',
        label: 'Ministères économiques et financiers – Secrétariat général',
        description: 'Dépenses de fonctionnement de l\'administration centrale de Bercy.',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'FACTURES_MINARM_SCA',
        label: 'Ministère des Armées – Service du commissariat des armées',
        description: 'Achats de soutien des forces (habillement, restauration, hébergement).',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'FACTURES_MI_SGAMI_SUD',
        label: 'Ministère de l\'Intérieur – SGAMI Sud',
        description: 'Secrétariat général pour l\'administration du ministère de l\'Intérieur, zone Sud (Marseille).',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'FACTURES_MJ_PFI_LYON',
        label: 'Ministère de la Justice – Plateforme interrégionale de Lyon',
        description: 'Fonctionnement des juridictions du ressort des cours d\'appel de Lyon, Grenoble et Chambéry.',
        activationStart: '2018-03-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'FACTURES_MENJ_DAF',
        label: 'Ministère de l\'Éducation nationale – Direction des affaires financières',
        description: 'Marchés nationaux de l\'administration centrale de l\'Éducation nationale.',
        activationStart: '2019-09-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'FACTURES_MTE_DGAC',
        label: 'Ministère de la Transition écologique – Direction générale de l\'aviation civile',
        description: 'Équipements et maintenance de la navigation aérienne.',
        activationStart: '2020-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'FACTURES_MEDDE_SG',
        label: 'Ancien ministère de l\'Écologie – Secrétariat général',
        description: 'Service fermé après la réorganisation ministérielle ; utiliser FACTURES_MTE_DGAC ou le service compétent.',
        activationStart: '2017-01-01',
        activationEnd: '2019-12-31',
        active: false,
        engagementRequired: true,
      },
    ],
  }),

  // Commune: engagement number required, no service code.
  structure({
    siret: '21690123100011',
    companyName: 'COMMUNE DE LYON',
    category: 'COLLECTIVITE_TERRITORIALE',
    address: { line1: '1 place de la Comédie', postalCode: '69001', city: 'Lyon', country: 'FR' },
    parameters: { engagementRequired: true },
    services: [
      {
        code: 'DCP',
        label: 'Direction de la commande publique',
        description: 'Marchés transversaux de la Ville de Lyon.',
        activationStart: '2019-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'DEV',
        label: 'Direction des espaces verts',
        description: 'Entretien des parcs et jardins.',
        activationStart: '2019-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  // Département: service code required.
  structure({
    siret: '22330001300016',
    companyName: 'DEPARTEMENT DE LA GIRONDE',
    category: 'COLLECTIVITE_TERRITORIALE',
    address: { line1: '1 esplanade Charles-de-Gaulle', postalCode: '33000', city: 'Bordeaux', country: 'FR' },
    parameters: { serviceCodeRequired: true },
    services: [
      {
        code: 'DGA_SOLIDARITES',
        label: 'Direction générale adjointe chargée des solidarités',
        description: 'Aide sociale à l\'enfance, autonomie, insertion.',
        activationStart: '2018-01-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'DIR_COLLEGES',
        label: 'Direction de l\'éducation et des collèges',
        description: 'Équipement et restauration des collèges publics.',
        activationStart: '2018-01-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'DIR_INFRA',
        label: 'Direction des infrastructures',
        description: 'Routes départementales et ouvrages d\'art ; bons de commande obligatoires.',
        activationStart: '2018-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  // Région: either a service code or an engagement number.
  structure({
    siret: '20005374200017',
    companyName: 'REGION HAUTS-DE-FRANCE',
    category: 'COLLECTIVITE_TERRITORIALE',
    address: { line1: '151 avenue du Président Hoover', postalCode: '59000', city: 'Lille', country: 'FR' },
    parameters: { serviceCodeOrEngagementRequired: true, canReceiveEdi: true },
    services: [
      {
        code: 'DIR_LYCEES',
        label: 'Direction des lycées',
        description: 'Investissement et fonctionnement des lycées publics.',
        activationStart: '2016-09-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'DIR_TRANSPORTS',
        label: 'Direction des transports',
        description: 'Transports régionaux de voyageurs et transports scolaires.',
        activationStart: '2017-09-01',
        active: true,
        engagementRequired: false,
      },
    ],
  }),

  // Public hospital: 50-day legal payment delay; "mise en paiement" not reported.
  structure({
    siret: '26310001800013',
    companyName: 'CENTRE HOSPITALIER UNIVERSITAIRE DE TOULOUSE',
    category: 'ETABLISSEMENT_PUBLIC_SANTE',
    address: { line1: '2 rue Viguerie', postalCode: '31300', city: 'Toulouse', country: 'FR' },
    parameters: { engagementRequired: true, paymentStatusNotReported: true, canReceiveEdi: true },
    services: [
      {
        code: 'PHARMACIE',
        label: 'Pharmacie à usage intérieur',
        description: 'Médicaments et dispositifs médicaux stériles.',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'ACHATS_BIOMED',
        label: 'Direction des achats – équipements biomédicaux',
        description: 'Acquisition et maintenance des équipements biomédicaux.',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  // University: either a service code or an engagement number.
  structure({
    siret: '19440984300019',
    companyName: 'NANTES UNIVERSITE',
    category: 'ETABLISSEMENT_PUBLIC_NATIONAL',
    address: { line1: '1 quai de Tourville', postalCode: '44000', city: 'Nantes', country: 'FR' },
    parameters: { serviceCodeOrEngagementRequired: true },
    services: [
      {
        code: 'AGENCE_COMPTABLE',
        label: 'Agence comptable',
        description: 'Factures sans service identifié.',
        activationStart: '2022-01-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'BU',
        label: 'Bibliothèques universitaires',
        description: 'Abonnements et acquisitions documentaires.',
        activationStart: '2022-01-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'LAB_LS2N',
        label: 'Laboratoire des sciences du numérique de Nantes',
        description: 'Achats de recherche sur contrats ; engagement obligatoire.',
        activationStart: '2022-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  // Commune with a service whose activation ended (flag left on: the date window must close it).
  structure({
    siret: '21130055300016',
    companyName: 'COMMUNE DE MARSEILLE',
    category: 'COLLECTIVITE_TERRITORIALE',
    address: { line1: 'Quai du Port', postalCode: '13002', city: 'Marseille', country: 'FR' },
    parameters: {},
    services: [
      {
        code: 'DGA_EDUCATION',
        label: 'Direction de l\'éducation et de la jeunesse',
        description: 'Écoles maternelles et élémentaires.',
        activationStart: '2018-01-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'MP2023_EVENEMENTS',
        label: 'Mission grands événements 2023',
        description: 'Mission temporaire, close à la fin de l\'année 2023.',
        activationStart: '2022-06-01',
        activationEnd: '2023-12-31',
        active: true,
        engagementRequired: false,
      },
    ],
  }),

  // EPCI with a deactivated service.
  structure({
    siret: '24670004100014',
    companyName: 'EUROMETROPOLE DE STRASBOURG',
    category: 'ETABLISSEMENT_PUBLIC_LOCAL',
    address: { line1: '1 parc de l\'Étoile', postalCode: '67000', city: 'Strasbourg', country: 'FR' },
    parameters: { serviceCodeRequired: true },
    services: [
      {
        code: 'DIR_MOBILITE',
        label: 'Direction de la mobilité et des transports',
        description: 'Voirie, pistes cyclables, stationnement.',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: false,
      },
      {
        code: 'ARCHIVES',
        label: 'Service des archives',
        description: 'Désactivé : factures à adresser à DIR_MOBILITE en attendant sa réorganisation.',
        activationStart: '2017-01-01',
        active: false,
        engagementRequired: false,
      },
    ],
  }),

  structure({
    siret: '26750004900015',
    companyName: 'ASSISTANCE PUBLIQUE - HOPITAUX DE PARIS',
    category: 'ETABLISSEMENT_PUBLIC_SANTE',
    address: { line1: '55 boulevard Diderot', postalCode: '75012', city: 'Paris', country: 'FR' },
    parameters: { serviceCodeRequired: true, engagementRequired: true, canReceiveEdi: true },
    services: [
      {
        code: 'AGEPS',
        label: 'Agence générale des équipements et produits de santé',
        description: 'Achats centralisés de produits de santé.',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
      {
        code: 'DSN',
        label: 'Direction des services numériques',
        description: 'Logiciels, matériels et prestations informatiques.',
        activationStart: '2017-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  structure({
    siret: '24330031600011',
    companyName: 'BORDEAUX METROPOLE',
    category: 'ETABLISSEMENT_PUBLIC_LOCAL',
    address: { line1: 'Esplanade Charles-de-Gaulle', postalCode: '33000', city: 'Bordeaux', country: 'FR' },
    parameters: { engagementRequired: true, canReceiveEdi: true },
    services: [
      {
        code: 'DIR_EAU',
        label: 'Direction de l\'eau',
        description: 'Eau potable et assainissement.',
        activationStart: '2018-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  // Social landlord building housing: works invoices may involve a project owner (MOA).
  structure({
    siret: '27750001300010',
    companyName: 'PARIS HABITAT - OPH',
    category: 'ETABLISSEMENT_PUBLIC_LOCAL',
    address: { line1: '21 bis rue Claude Bernard', postalCode: '75005', city: 'Paris', country: 'FR' },
    parameters: { engagementRequired: true, moaPresence: 'WITH_MOA' },
    services: [
      {
        code: 'DIR_PATRIMOINE',
        label: 'Direction du patrimoine',
        description: 'Réhabilitation et entretien du parc de logements.',
        activationStart: '2019-01-01',
        active: true,
        engagementRequired: true,
      },
    ],
  }),

  // Development agency acting only as project owner (MOA) for works.
  structure({
    siret: '13000263700010',
    companyName: 'ETABLISSEMENT PUBLIC D\'AMENAGEMENT EUROMEDITERRANEE',
    category: 'ETABLISSEMENT_PUBLIC_NATIONAL',
    address: { line1: '10 place de la Joliette', postalCode: '13002', city: 'Marseille', country: 'FR' },
    parameters: { serviceCodeOrEngagementRequired: true, moaPresence: 'ONLY_MOA' },
    services: [
      {
        code: 'AMENAGEMENT',
        label: 'Direction de l\'aménagement',
        description: 'Opérations d\'aménagement et de construction sous maîtrise d\'ouvrage de l\'établissement.',
        activationStart: '2020-01-01',
        active: true,
        engagementRequired: false,
      },
    ],
  }),
];

/** Lookup by SIRET (spaces tolerated), or null. */
export function findPublicStructureBySiret(siret: string): PublicStructureSeed | null {
  const normalised = siret.replace(/\s+/g, '');
  return PUBLIC_STRUCTURES.find((s) => s.siret === normalised) ?? null;
}
