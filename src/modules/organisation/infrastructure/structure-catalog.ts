import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { BankAccountSummary, ServiceSummary, StructureCatalog, StructureKind, StructureSearchCriteria, StructureSummary } from '../contracts/structures';
import { BankAccount } from '../domain/bank-account.entity';
import { Service } from '../domain/service.entity';
import { Structure } from '../domain/structure.entity';
import { rawRows } from '../../../shared/persistence/raw';
import { pageRequest } from '../../../shared/http/pagination';

type StructureFacts = Pick<
  Structure,
  | 'id' | 'publicId' | 'identifierType' | 'identifier' | 'structureType' | 'companyName' | 'label' | 'active' | 'serviceCodeRequired'
  | 'engagementRequired' | 'serviceCodeOrEngagementRequired' | 'paymentStatusNotReported' | 'canReceiveEdi' | 'paymentDelayDays'
  | 'nonDiffusible' | 'address' | 'email' | 'phone' | 'vatNumber' | 'rcsNumber'
>;

export function structureSummary(s: StructureFacts): StructureSummary {
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
    nonDiffusible: s.nonDiffusible,
    address: s.address ? { ...s.address } : null,
    email: s.email ?? null,
    phone: s.phone ?? null,
    vatNumber: s.vatNumber ?? null,
    rcsNumber: s.rcsNumber ?? null,
  };
}

type ServiceFacts = Pick<Service, 'id' | 'publicId' | 'structureId' | 'code' | 'label' | 'active' | 'activationStart' | 'activationEnd' | 'engagementRequired' | 'description'>;

export function serviceSummary(s: ServiceFacts): ServiceSummary {
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

/** The columns a StructureSummary needs, read without the ORM (the catalog answers other contexts' hot paths). */
const STRUCTURE_COLUMNS = `id, public_id, identifier_type, identifier, structure_type, company_name, label, active,
  service_code_required, engagement_required, service_code_or_engagement_required, payment_status_not_reported,
  can_receive_edi, payment_delay_days, non_diffusible, address, email, phone, vat_number, rcs_number`;

interface StructureRow {
  id: string;
  public_id: string | number;
  identifier_type: string;
  identifier: string;
  structure_type: Structure['structureType'];
  company_name: string;
  label: string | null;
  active: boolean;
  service_code_required: boolean;
  engagement_required: boolean;
  service_code_or_engagement_required: boolean;
  payment_status_not_reported: boolean;
  can_receive_edi: boolean;
  payment_delay_days: number;
  non_diffusible: boolean;
  address: Structure['address'];
  email: string | null;
  phone: string | null;
  vat_number: string | null;
  rcs_number: string | null;
}

const structureFromRow = (r: StructureRow): StructureSummary =>
  structureSummary({
    id: r.id,
    publicId: Number(r.public_id),
    identifierType: r.identifier_type,
    identifier: r.identifier,
    structureType: r.structure_type,
    companyName: r.company_name,
    label: r.label,
    active: r.active,
    serviceCodeRequired: r.service_code_required,
    engagementRequired: r.engagement_required,
    serviceCodeOrEngagementRequired: r.service_code_or_engagement_required,
    paymentStatusNotReported: r.payment_status_not_reported,
    canReceiveEdi: r.can_receive_edi,
    paymentDelayDays: r.payment_delay_days,
    nonDiffusible: r.non_diffusible,
    address: r.address,
    email: r.email,
    phone: r.phone,
    vatNumber: r.vat_number,
    rcsNumber: r.rcs_number,
  });

const SERVICE_COLUMNS = 'id, public_id, structure_id, code, label, active, activation_start, activation_end, engagement_required, description';

interface ServiceRow {
  id: string;
  public_id: string | number;
  structure_id: string;
  code: string;
  label: string;
  active: boolean;
  activation_start: string;
  activation_end: string | null;
  engagement_required: boolean;
  description: string | null;
}

const serviceFromRow = (r: ServiceRow): ServiceSummary =>
  serviceSummary({
    id: r.id,
    publicId: Number(r.public_id),
    structureId: r.structure_id,
    code: r.code,
    label: r.label,
    active: r.active,
    activationStart: r.activation_start,
    activationEnd: r.activation_end,
    engagementRequired: r.engagement_required,
    description: r.description,
  });

/**
 * Structures by id and by identifier are cached in the process and kept exact by the database
 * (architecture D13: a trigger announces every committed change to `org_structure`, and this process drops
 * its own entries as it flushes a structure). Every submission, routing and e-mail reads its recipient:
 * structures change rarely and are read on every invoice. Inside a transaction a miss is read in it and
 * not kept. Services and bank accounts are read each time.
 */
@Injectable()
export class MikroStructureCatalog extends StructureCatalog {
  private readonly byId: RowCache<StructureSummary>;
  private readonly byIdentifier: RowCache<StructureSummary>;

  constructor(
    private readonly em: EntityManager,
    changes: RowChanges,
  ) {
    super();
    this.byId = new RowCache(changes, 'org_structure');
    // Announced by id (updates, deletes) and by identifier (inserts too: a new structure can take over an
    // identifier an untyped lookup resolved to another type).
    this.byIdentifier = new RowCache(changes, 'org_structure', { changedIn: (structure, key) => structure.id === key || structure.identifier === key });
    changes.forgetOnFlush(Structure, (structure) => this.forget(structure.id, structure.identifier));
  }

  private forget(id: string, identifier: string): void {
    this.byId.forget(id);
    this.byIdentifier.forgetWhere((structure) => structure.id === id || structure.identifier === identifier);
  }

  async findById(id: string): Promise<StructureSummary | null> {
    const found = await this.byId.get(id, async () => {
      const [row] = await rawRows<StructureRow>(this.em, `select ${STRUCTURE_COLUMNS} from org_structure where id = ?`, [id]);
      return row ? structureFromRow(row) : undefined;
    });
    return found ?? null;
  }

  async findByPublicId(publicId: number): Promise<StructureSummary | null> {
    if (!Number.isSafeInteger(publicId) || publicId <= 0) return null;
    const s = await this.em.findOne(Structure, { publicId });
    return s ? structureSummary(s) : null;
  }

  async findByIdentifier(identifier: string, identifierType?: string): Promise<StructureSummary | null> {
    const found = await this.byIdentifier.get(`${identifierType ?? ''}:${identifier}`, () => this.readByIdentifier(identifier, identifierType));
    return found ?? null;
  }

  private async readByIdentifier(identifier: string, identifierType?: string): Promise<StructureSummary | undefined> {
    // Without a type, an identifier shared by several types is ambiguous: SIRET first, then the other types
    // whose format is checked against a register (EU VAT number, RIDET, TAHITI), then the free-form ones
    // (HORS_UE, AUTRE, PARTICULIER, which accept any text), each by age. The database picks among all of them:
    // look-alikes of a free-form type, however many and however old, never hide a registered identifier.
    const [s] = await rawRows<StructureRow>(
      this.em,
      `select ${STRUCTURE_COLUMNS} from org_structure where identifier = ?${identifierType ? ' and identifier_type = ?' : ''}
        order by case identifier_type when 'SIRET' then 0 when 'UE_HORS_FRANCE' then 1 when 'RIDET' then 1 when 'TAHITI' then 1 else 2 end,
          created_at, id limit 1`,
      identifierType ? [identifier, identifierType] : [identifier],
    );
    return s ? structureFromRow(s) : undefined;
  }

  async findByIds(ids: readonly string[]): Promise<StructureSummary[]> {
    if (ids.length === 0) return [];
    return (await rawRows<StructureRow>(this.em, `select ${STRUCTURE_COLUMNS} from org_structure where id = any(?::uuid[])`, [[...ids]])).map(structureFromRow);
  }

  async findService(structureId: string, code: string): Promise<ServiceSummary | null> {
    const [row] = await rawRows<ServiceRow>(this.em, `select ${SERVICE_COLUMNS} from org_service where structure_id = ? and code = ?`, [structureId, code]);
    return row ? serviceFromRow(row) : null;
  }

  async findWithService(structureId: string, serviceCode: string | null): Promise<{ structure: StructureSummary; service: ServiceSummary | null } | null> {
    // Both rows in one round trip: the service as a JSON object, null when the code matches none.
    const [row] = await rawRows<StructureRow & { service: ServiceRow | null }>(
      this.em,
      `select ${STRUCTURE_COLUMNS},
          (select to_jsonb(svc) from (select ${SERVICE_COLUMNS} from org_service where structure_id = s.id and code = ?) svc) as service
        from org_structure s where id = ?`,
      [serviceCode, structureId],
    );
    if (!row) return null;
    return { structure: structureFromRow(row), service: row.service ? serviceFromRow(row.service) : null };
  }

  async findServiceById(serviceId: string): Promise<ServiceSummary | null> {
    const [row] = await rawRows<ServiceRow>(this.em, `select ${SERVICE_COLUMNS} from org_service where id = ?`, [serviceId]);
    return row ? serviceFromRow(row) : null;
  }

  async listServices(structureId: string): Promise<ServiceSummary[]> {
    return (await this.em.find(Service, { structureId }, { orderBy: { code: 'asc' } })).map(serviceSummary);
  }

  async search(criteria: StructureSearchCriteria): Promise<{ items: StructureSummary[]; total: number }> {
    const { limit, offset } = pageRequest(criteria);
    const where: Record<string, unknown> = {};
    if (criteria.identifier) where.identifier = criteria.identifier;
    if (criteria.identifierType) where.identifierType = criteria.identifierType;
    if (criteria.structureType) where.structureType = criteria.structureType;
    if (criteria.active !== undefined) where.active = criteria.active;
    if (criteria.name) {
      const like = `%${criteria.name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ companyName: { $ilike: like } }, { label: { $ilike: like } }];
    }
    const [items, total] = await this.em.findAndCount(Structure, where, { orderBy: { companyName: 'asc', id: 'asc' }, limit, offset });
    return { items: items.map(structureSummary), total };
  }

  async listBankAccounts(structureId: string): Promise<BankAccountSummary[]> {
    return (await this.em.find(BankAccount, { structureId }, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(bankAccountSummary);
  }

  async payeeAccount(structureId: string, bankAccountId: string): Promise<{ iban: string; name: string; bic: string | null } | null> {
    const account = await this.em.fork().findOne(BankAccount, { id: bankAccountId, structureId });
    return account ? { iban: account.iban, name: account.name, bic: account.bic ?? null } : null;
  }
}
