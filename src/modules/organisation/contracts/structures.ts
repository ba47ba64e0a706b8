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
}

export abstract class StructureCatalog {
  abstract findById(id: string): Promise<StructureSummary | null>;
  abstract findByPublicId(publicId: number): Promise<StructureSummary | null>;
  abstract findByIdentifier(identifier: string, identifierType?: string): Promise<StructureSummary | null>;
  abstract findByIds(ids: readonly string[]): Promise<StructureSummary[]>;
  abstract findService(structureId: string, code: string): Promise<ServiceSummary | null>;
  abstract findServiceById(serviceId: string): Promise<ServiceSummary | null>;
  abstract listServices(structureId: string): Promise<ServiceSummary[]>;
}
