import { Actor } from '../../../shared/auth/actor';

/** What other contexts may know of structures and services (ids, routing rules), never the entities. */
export type StructureKind = 'PUBLIQUE' | 'PRIVEE';

export interface StructureRoutingRules {
  serviceCodeRequired: boolean;
  engagementRequired: boolean;
  serviceCodeOrEngagementRequired: boolean;
  paymentStatusNotReported: boolean;
  canReceiveEdi: boolean;
}

export interface StructureSummary {
  id: string;
  /** Integer id of the API mode (idStructureCPP). */
  publicId: number;
  identifierType: string;
  identifier: string;
  structureType: StructureKind;
  companyName: string;
  label: string | null;
  active: boolean;
  rules: StructureRoutingRules;
  /** Legal payment delay in days (DGP), 30 by default. */
  paymentDelayDays: number;
  /** Registered as "non diffusible" (SIRENE): its contact details are for its insiders only (`StructureDisclosure`). */
  nonDiffusible: boolean;
  /**
   * Contact details: the head-office postal address (API mode: adressePostaleDuSiege), e-mail, phone, VAT
   * and RCS numbers. Never shown to a caller as they are: pass the summary through `StructureDisclosure`.
   */
  address?: StructureAddressSummary | null;
  email?: string | null;
  phone?: string | null;
  vatNumber?: string | null;
  rcsNumber?: string | null;
}

export interface StructureAddressSummary {
  line1: string;
  line2?: string | null;
  line3?: string | null;
  postalCode: string;
  city: string;
  country: string;
}

export interface StructureSearchCriteria {
  /** Exact identifier (SIRET…). */
  identifier?: string;
  identifierType?: string;
  /** Case- and accent-insensitive fragment of the company name or label. */
  name?: string;
  structureType?: StructureKind;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

export interface ServiceSummary {
  id: string;
  /** Integer id of the API mode (idService). */
  publicId: number;
  structureId: string;
  code: string;
  label: string;
  active: boolean;
  activationStart: string;
  activationEnd: string | null;
  engagementRequired: boolean;
  description?: string | null;
}

/** Bank details of a structure as other contexts may see them: the account number masked, never whole. */
export interface BankAccountSummary {
  id: string;
  /** Integer id of the API mode (idCoordonneeBancaire, codeCoordonneesBancairesFournisseur). */
  publicId: number;
  structureId: string;
  name: string;
  type: 'IBAN' | 'RIB';
  /** The IBAN with all but its country, check digits and last 4 characters hidden (FR76 **** 0189). */
  maskedIban: string;
  active: boolean;
}

export abstract class StructureCatalog {
  abstract findById(id: string): Promise<StructureSummary | null>;
  abstract findByPublicId(publicId: number): Promise<StructureSummary | null>;
  abstract findByIdentifier(identifier: string, identifierType?: string): Promise<StructureSummary | null>;
  abstract findByIds(ids: readonly string[]): Promise<StructureSummary[]>;
  abstract findService(structureId: string, code: string): Promise<ServiceSummary | null>;
  /** A structure and, when a code is given, its service of that code, in one statement (submission routing). */
  abstract findWithService(structureId: string, serviceCode: string | null): Promise<{ structure: StructureSummary; service: ServiceSummary | null } | null>;
  abstract findServiceById(serviceId: string): Promise<ServiceSummary | null>;
  abstract listServices(structureId: string): Promise<ServiceSummary[]>;
  /** Structures matching every given criterion, by company name; at most 200 per page. */
  abstract search(criteria: StructureSearchCriteria): Promise<{ items: StructureSummary[]; total: number }>;
  /** Bank accounts of a structure (active and inactive), oldest first. No authorization: callers check access. */
  abstract listBankAccounts(structureId: string): Promise<BankAccountSummary[]>;
  /**
   * The whole account of one of a structure's bank accounts, or null: only for the documents of the
   * invoices that structure issues (the payee's account, EN 16931 BT-84/BT-85/BT-86, printed on the
   * Factur-X its recipient pays). No authorization: callers check access to the invoice.
   */
  abstract payeeAccount(structureId: string, bankAccountId: string): Promise<{ iban: string; name: string; bic: string | null } | null>;
}

/**
 * THE rule for showing a structure's details to a caller (organisation/domain/structure-disclosure.ts): a
 * private or non-diffusible structure's contact details (e-mail, phone, address, VAT, RCS) only for its
 * members with ORGANISATION consultation and its own technical accounts; anyone else gets its public view
 * (those fields null). Every lookup that returns a structure's details to a caller goes through it.
 */
export abstract class StructureDisclosure {
  abstract viewFor(actor: Actor, structure: StructureSummary): Promise<StructureSummary>;
}
