import { EntityManager } from '@mikro-orm/postgresql';
import { Service } from '../../domain/service.entity';
import { Structure, StructureType } from '../../domain/structure.entity';
import { PUBLIC_STRUCTURES } from './public-structures';

/**
 * Loads the public structures of the reference set and their services. Idempotent: what exists (by
 * identifier, then by service code) is left as it is, so it may run at every deployment.
 */
export async function seedReferenceStructures(em: EntityManager, now: Date = new Date()): Promise<{ structures: number; services: number }> {
  let structures = 0;
  let services = 0;
  await em.transactional(async (tx) => {
    for (const seed of PUBLIC_STRUCTURES) {
      let structure = await tx.findOne(Structure, { identifierType: seed.identifierType, identifier: seed.siret });
      if (!structure) {
        structure = new Structure({ identifierType: seed.identifierType, identifier: seed.siret, structureType: StructureType.PUBLIQUE, companyName: seed.companyName, now });
        structure.address = { ...seed.address };
        structure.applyParameters(seed.parameters);
        structure.paymentDelayDays = seed.paymentDelayDays;
        tx.persist(structure);
        await tx.flush();
        structures++;
      }
      const existing = new Set((await tx.find(Service, { structureId: structure.id })).map((s) => s.code));
      for (const s of seed.services) {
        if (existing.has(s.code)) continue;
        const service = new Service({ structureId: structure.id, code: s.code, label: s.label, activationStart: s.activationStart, now });
        service.description = s.description;
        service.activationEnd = s.activationEnd ?? null;
        service.active = s.active;
        service.engagementRequired = s.engagementRequired;
        tx.persist(service);
        services++;
      }
      await tx.flush();
    }
  });
  return { structures, services };
}
