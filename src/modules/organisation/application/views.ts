import { BankAccount } from '../domain/bank-account.entity';
import { Service } from '../domain/service.entity';
import { StoredFile } from '../domain/stored-file.entity';
import { StructureDocument } from '../domain/structure-document.entity';
import { Structure } from '../domain/structure.entity';
import { StructureParameters } from '../domain/structure-parameters';

export interface StructureView {
  id: string;
  publicId: number;
  identifierType: string;
  identifier: string;
  structureType: string;
  companyName: string;
  label: string | null;
  email: string | null;
  phone: string | null;
  address: { line1: string; line2: string | null; line3: string | null; postalCode: string; city: string; country: string } | null;
  nonDiffusible: boolean;
  rcsNumber: string | null;
  vatNumber: string | null;
  active: boolean;
  parameters: StructureParameters;
  paymentDelayDays: number;
  createdAt: string;
}

export function toStructureView(s: Structure): StructureView {
  return {
    id: s.id,
    publicId: s.publicId,
    identifierType: s.identifierType,
    identifier: s.identifier,
    structureType: s.structureType,
    companyName: s.companyName,
    label: s.label ?? null,
    email: s.email ?? null,
    phone: s.phone ?? null,
    address: s.address ? { line1: s.address.line1, line2: s.address.line2 ?? null, line3: s.address.line3 ?? null, postalCode: s.address.postalCode, city: s.address.city, country: s.address.country } : null,
    nonDiffusible: s.nonDiffusible,
    rcsNumber: s.rcsNumber ?? null,
    vatNumber: s.vatNumber ?? null,
    active: s.active,
    parameters: s.parameters,
    paymentDelayDays: s.paymentDelayDays,
    createdAt: s.createdAt.toISOString(),
  };
}

export interface ServiceView {
  id: string;
  publicId: number;
  structureId: string;
  code: string;
  label: string;
  description: string | null;
  activationStart: string;
  activationEnd: string | null;
  active: boolean;
  engagementRequired: boolean;
}

export function toServiceView(s: Service): ServiceView {
  return {
    id: s.id,
    publicId: s.publicId,
    structureId: s.structureId,
    code: s.code,
    label: s.label,
    description: s.description ?? null,
    activationStart: s.activationStart,
    activationEnd: s.activationEnd ?? null,
    active: s.active,
    engagementRequired: s.engagementRequired,
  };
}

export interface FileView {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export function toFileView(f: StoredFile): FileView {
  return { id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size, sha256: f.sha256 };
}

export interface BankAccountView {
  id: string;
  publicId: number;
  structureId: string;
  name: string;
  accountType: string;
  country: string;
  iban: string;
  bic: string | null;
  rib: { bankCode: string; branchCode: string; accountNumber: string; key: string } | null;
  factor: { companyName: string; country: string; identifier: string; identifierType: string } | null;
  active: boolean;
  supportingFile: FileView | null;
  createdAt: string;
}

export function toBankAccountView(b: BankAccount, file: StoredFile | undefined): BankAccountView {
  return {
    id: b.id,
    publicId: b.publicId,
    structureId: b.structureId,
    name: b.name,
    accountType: b.accountType,
    country: b.country,
    iban: b.iban,
    bic: b.bic ?? null,
    rib: b.rib ?? null,
    factor: b.factor ?? null,
    active: b.active,
    supportingFile: file ? toFileView(file) : null,
    createdAt: b.createdAt.toISOString(),
  };
}

export interface StructureDocumentView {
  id: string;
  structureId: string;
  label: string;
  file: FileView | null;
  createdAt: string;
}

export function toDocumentView(d: StructureDocument, file: StoredFile | undefined): StructureDocumentView {
  return { id: d.id, structureId: d.structureId, label: d.label, file: file ? toFileView(file) : null, createdAt: d.createdAt.toISOString() };
}
