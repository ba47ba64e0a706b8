import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BankAccountSummary, ServiceSummary, StructureCatalog, StructureKind, StructureSearchCriteria, StructureSummary } from '../contracts/structures';
import { BankAccount } from '../domain/bank-account.entity';
import { Service } from '../domain/service.entity';
import { Structure } from '../domain/structure.entity';

export function structureSummary(s: Structure): StructureSummary {
  return {
    id: s.id,
    publicId: s.publicId,
    identifierType: s.identifierType,
    identifier: s.identifier,
    structureType: s.structureType as StructureKind,
    companyName: s.companyName,
    label: s.label ?? null,
    active: s.active,
    rules: {
      serviceCodeRequired: s.serviceCodeRequired,
      engagementRequired: s.engagementRequired,
      serviceCodeOrEngagementRequired: s.serviceCodeOrEngagementRequired,
      paymentStatusNotReported: s.paymentStatusNotReported,
      canReceiveEdi: s.canReceiveEdi,
    },
    paymentDelayDays: s.paymentDelayDays,
    address: s.address ? { ...s.address } : null,
    email: s.email ?? null,
    phone: s.phone ?? null,
    vatNumber: s.vatNumber ?? null,
    rcsNumber: s.rcsNumber ?? null,
  };
}

export function serviceSummary(s: Service): ServiceSummary {
  return {
    id: s.id,
    publicId: s.publicId,
    structureId: s.structureId,
    code: s.code,
    label: s.label,
    active: s.active,
    activationStart: s.activationStart,
    activationEnd: s.activationEnd ?? null,
    engagementRequired: s.engagementRequired,
    description: s.description ?? null,
  };
}

/** FR7630006000011234567890189 → FR76 **** 0189. */
export const maskIban = (iban: string): string => (iban.length <= 8 ? iban : `${iban.slice(0, 4)} **** ${iban.slice(-4)}`);

export function bankAccountSummary(b: BankAccount): BankAccountSummary {
  return { id: b.id, publicId: b.publicId, structureId: b.structureId, name: b.name, type: b.accountType, maskedIban: maskIban(b.iban), active: b.active };
}

@Injectable()
export class MikroStructureCatalog extends StructureCatalog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async findById(id: string): Promise<StructureSummary | null> {
    const s = await this.em.findOne(Structure, { id });
    return s ? structureSummary(s) : null;
  }

  async findByPublicId(publicId: number): Promise<StructureSummary | null> {
    if (!Number.isSafeInteger(publicId) || publicId <= 0) return null;
    const s = await this.em.findOne(Structure, { publicId });
    return s ? structureSummary(s) : null;
  }

  async findByIdentifier(identifier: string, identifierType?: string): Promise<StructureSummary | null> {
    const found = await this.em.find(Structure, identifierType ? { identifier, identifierType } : { identifier }, { limit: 2, orderBy: { createdAt: 'asc' } });
    // Without a type, an identifier shared by two types is ambiguous: prefer SIRET, else the oldest.
    const s = found.find((x) => x.identifierType === 'SIRET') ?? found[0];
    return s ? structureSummary(s) : null;
  }

  async findByIds(ids: readonly string[]): Promise<StructureSummary[]> {
    if (ids.length === 0) return [];
    return (await this.em.find(Structure, { id: { $in: [...ids] } })).map(structureSummary);
  }

  async findService(structureId: string, code: string): Promise<ServiceSummary | null> {
    const s = await this.em.findOne(Service, { structureId, code });
    return s ? serviceSummary(s) : null;
  }

  async findServiceById(serviceId: string): Promise<ServiceSummary | null> {
    const s = await this.em.findOne(Service, { id: serviceId });
    return s ? serviceSummary(s) : null;
  }

  async listServices(structureId: string): Promise<ServiceSummary[]> {
    return (await this.em.find(Service, { structureId }, { orderBy: { code: 'asc' } })).map(serviceSummary);
  }

  async search(criteria: StructureSearchCriteria): Promise<{ items: StructureSummary[]; total: number }> {
    const pageSize = Math.min(200, Math.max(1, criteria.pageSize ?? 20));
    const page = Math.max(1, criteria.page ?? 1);
    const where: Record<string, unknown> = {};
    if (criteria.identifier) where.identifier = criteria.identifier;
    if (criteria.identifierType) where.identifierType = criteria.identifierType;
    if (criteria.structureType) where.structureType = criteria.structureType;
    if (criteria.active !== undefined) where.active = criteria.active;
    if (criteria.name) {
      const like = `%${criteria.name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ companyName: { $ilike: like } }, { label: { $ilike: like } }];
    }
    const [items, total] = await this.em.findAndCount(Structure, where, { orderBy: { companyName: 'asc', id: 'asc' }, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: items.map(structureSummary), total };
  }

  async listBankAccounts(structureId: string): Promise<BankAccountSummary[]> {
    return (await this.em.find(BankAccount, { structureId }, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(bankAccountSummary);
  }
}
