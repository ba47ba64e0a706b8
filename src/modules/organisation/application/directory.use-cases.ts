import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { OrganisationErrors } from '../domain/organisation.errors';
import { Service } from '../domain/service.entity';
import { parisCalendarDate } from '../domain/service-availability';
import { Structure, StructureType } from '../domain/structure.entity';
import { publicViewOf } from '../domain/structure-disclosure';

export interface DirectoryEntry {
  publicId: number;
  identifierType: string;
  identifier: string;
  companyName: string;
  postalCode: string | null;
  city: string | null;
  serviceCodeRequired: boolean;
  engagementRequired: boolean;
  serviceCodeOrEngagementRequired: boolean;
}

export interface DirectoryDetail extends DirectoryEntry {
  services: { code: string; label: string; engagementRequired: boolean }[];
}

/** Anyone reads the directory: a structure appears in it as its public view (no address if non diffusible). */
function entry(structure: Structure): DirectoryEntry {
  const s = publicViewOf(structure);
  return {
    publicId: s.publicId,
    identifierType: s.identifierType,
    identifier: s.identifier,
    companyName: s.companyName,
    postalCode: s.address?.postalCode ?? null,
    city: s.address?.city ?? null,
    serviceCodeRequired: s.serviceCodeRequired,
    engagementRequired: s.engagementRequired,
    serviceCodeOrEngagementRequired: s.serviceCodeOrEngagementRequired,
  };
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Public directory (no login): active public structures only. */
@Injectable()
export class SearchDirectory {
  constructor(private readonly em: EntityManager) {}

  async execute(input: { q?: string; limit: number; offset: number }): Promise<{ items: DirectoryEntry[]; total: number }> {
    const q = input.q?.trim();
    const where: Record<string, unknown> = { structureType: StructureType.PUBLIQUE, active: true };
    if (q) {
      const like = likePattern(q);
      where.$or = [
        { identifier: { $ilike: like } },
        { companyName: { $ilike: like } },
        { label: { $ilike: like } },
        // Only where the city is shown: a search must not reveal a hidden address.
        { nonDiffusible: false, address: { city: { $ilike: like } } },
      ];
    }
    const [rows, total] = await this.em.findAndCount(Structure, where, { orderBy: { companyName: 'asc', id: 'asc' }, limit: input.limit, offset: input.offset });
    return { items: rows.map(entry), total };
  }
}

@Injectable()
export class GetDirectoryStructure {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute(identifier: string): Promise<DirectoryDetail> {
    const structure = await this.em.findOne(Structure, { identifier: identifier.replace(/\s+/g, ''), structureType: StructureType.PUBLIQUE, active: true });
    if (!structure) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
    const today = parisCalendarDate(this.clock.now());
    const services = (await this.em.find(Service, { structureId: structure.id }, { orderBy: { code: 'asc' } })).filter((s) => s.isOpenOn(today));
    return { ...entry(structure), services: services.map((s) => ({ code: s.code, label: s.label, engagementRequired: s.engagementRequired })) };
  }
}
