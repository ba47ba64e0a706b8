import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { StructureCatalog } from '../../../src/modules/organisation/contracts/structures';
import { STATE_SIRET } from '../../../src/modules/organisation/domain/structure-identifier';
import { seedReferenceStructures } from '../../../src/modules/organisation/infrastructure/reference-data/seed-reference-structures';
import { givenActiveUser } from '../../factories/accounts';
import { givenStructure } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

/** The contract invoicing relies on. */
describe('StructureCatalog', () => {
  let t: TestApp;
  let catalog: StructureCatalog;
  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceStructures(t.orm.em.fork() as EntityManager);
    // Contract callers run inside a MikroORM context (request, job): so do we.
    const real = t.app.get(StructureCatalog);
    catalog = new Proxy(real, {
      get: (target, key) => {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => RequestContext.create(t.orm.em, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the State by identifier and by public id, with its routing rules and services', async () => {
    const state = await catalog.findByIdentifier(STATE_SIRET);
    expect(state).toMatchObject({ identifier: STATE_SIRET, structureType: 'PUBLIQUE', paymentDelayDays: 30, rules: { serviceCodeRequired: true, engagementRequired: true } });
    expect(await catalog.findByPublicId(state!.publicId)).toEqual(state);
    expect(await catalog.findByIdentifier(STATE_SIRET, 'SIRET')).toEqual(state);
    expect(await catalog.findByIds([state!.id])).toEqual([state]);

    const services = await catalog.listServices(state!.id);
    expect(services.length).toBeGreaterThan(1);
    const service = await catalog.findService(state!.id, 'FACTURES_MEF_SG');
    expect(service).toMatchObject({ structureId: state!.id, code: 'FACTURES_MEF_SG', active: true, engagementRequired: true, activationEnd: null });
    expect(Number.isInteger(service!.publicId)).toBe(true);
    expect(await catalog.findServiceById(service!.id)).toEqual(service);

    // The structure with one of its services in one statement: the same summaries as apart.
    expect(await catalog.findWithService(state!.id, 'FACTURES_MEF_SG')).toEqual({ structure: state, service });
    expect(await catalog.findWithService(state!.id, 'INCONNU')).toEqual({ structure: state, service: null });
    expect(await catalog.findWithService(state!.id, null)).toEqual({ structure: state, service: null });
  });

  it('answers null for what does not exist', async () => {
    expect(await catalog.findByIdentifier('00000000000000')).toBeNull();
    expect(await catalog.findByPublicId(987654321)).toBeNull();
    expect(await catalog.findByPublicId(-1)).toBeNull();
    expect(await catalog.findServiceById('01a214a3-50b2-71d3-af63-4b1bcc642fd4')).toBeNull();
    expect(await catalog.findWithService('01a214a3-50b2-71d3-af63-4b1bcc642fd4', 'FACTURES_MEF_SG')).toBeNull();
  });

  it('sees structures created through the API, with default rules', async () => {
    const owner = await givenActiveUser(t);
    const s = await givenStructure(t, owner);
    expect(await catalog.findById(s.id)).toMatchObject({ publicId: s.publicId, structureType: 'PRIVEE', active: true, paymentDelayDays: 30, rules: { serviceCodeRequired: false } });
  });
});
