import { EntityManager } from '@mikro-orm/postgresql';
import { txOf } from '../../../shared/persistence/tx';
import { Injectable } from '@nestjs/common';
import { SandboxSeed, SandboxSeedProvider, SeedReport } from '../../../shared/seed/sandbox-seed';
import { Clock } from '../../../shared/time/clock';
import { SANDBOX_DEMO_USERS } from '../../accounts/contracts/sandbox';
import { UserDirectory } from '../../accounts/contracts/users';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { SANDBOX_DEMO_STRUCTURES } from '../contracts/sandbox';
import { STATE_SIRET } from '../domain/structure-identifier';
import { Structure, StructureType } from '../domain/structure.entity';
import { COMPANY_REGISTRY, DEMO_SUPPLIER_SIRET } from './reference-data/company-registry';
import { seedReferenceStructures } from './reference-data/seed-reference-structures';

/** The public structure the sandbox's demo recipient manages. */
export const DEMO_RECIPIENT_SIRET = SANDBOX_DEMO_STRUCTURES.recipientSiret;

/**
 * Reference public structures (the State and the others of the reference set), the demo supplier's
 * company with the demo supplier as principal manager, and the demo recipient as principal manager of
 * COMMUNE DE LYON and of the State. Idempotent.
 */
@SandboxSeedProvider(20)
@Injectable()
export class OrganisationSeed implements SandboxSeed {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UserDirectory,
    private readonly memberships: MembershipRegistry,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<SeedReport> {
    const reference = await seedReferenceStructures(this.em, this.clock.now());
    const lines = [`Reference public structures: ${reference.structures} created, ${reference.services} services created (the State is SIRET 11000201100044)`];

    const supplierUser = await this.users.findByLoginEmail(SANDBOX_DEMO_USERS.supplier.email);
    const recipientUser = await this.users.findByLoginEmail(SANDBOX_DEMO_USERS.recipient.email);
    if (!supplierUser || !recipientUser) return { title: 'Organisation', lines: [...lines, 'Demo users missing: run the accounts seed first'] };

    const supplier = await this.ensureDemoSupplier();
    await this.ensurePrincipal(supplier.id, supplierUser.id);
    lines.push(`Demo supplier structure: ${supplier.companyName} (SIRET ${supplier.identifier}, id ${supplier.id}) — managed by ${supplierUser.loginEmail}`);

    const recipient = await this.em.findOneOrFail(Structure, { identifierType: 'SIRET', identifier: DEMO_RECIPIENT_SIRET });
    await this.ensurePrincipal(recipient.id, recipientUser.id);
    lines.push(`Demo public recipient: ${recipient.companyName} (SIRET ${recipient.identifier}, id ${recipient.id}) — managed by ${recipientUser.loginEmail}`);

    // The State receives most invoices (recipientIsState): without a member, no sandbox user could act on them.
    const state = await this.em.findOneOrFail(Structure, { identifierType: 'SIRET', identifier: STATE_SIRET });
    await this.ensurePrincipal(state.id, recipientUser.id);
    lines.push(`The State as recipient: ${state.companyName} (SIRET ${state.identifier}, id ${state.id}) — managed by ${recipientUser.loginEmail}`);

    // A second supplier, the demo supplier's mandator (docs/billing-mandates.md).
    const mandator = await this.ensureDemoSupplier(SANDBOX_DEMO_STRUCTURES.mandatorSiret);
    await this.ensurePrincipal(mandator.id, recipientUser.id);
    lines.push(`Demo mandator (billing mandate to the demo supplier): ${mandator.companyName} (SIRET ${mandator.identifier}, id ${mandator.id}) — managed by ${recipientUser.loginEmail}`);

    // Validation circuits (A9, A12): a main contractor whose principal manager holds « Factures à valider ».
    const validatorUser = await this.users.findByLoginEmail(SANDBOX_DEMO_USERS.validator.email);
    if (validatorUser) {
      const validator = await this.ensureDemoSupplier(SANDBOX_DEMO_STRUCTURES.validatorSiret);
      await this.ensurePrincipal(validator.id, validatorUser.id);
      lines.push(`Demo validator (A9/A12 circuits): ${validator.companyName} (SIRET ${validator.identifier}, id ${validator.id}) — managed by ${validatorUser.loginEmail}`);
    }
    return { title: 'Organisation', lines };
  }

  private async ensureDemoSupplier(siret: string = DEMO_SUPPLIER_SIRET): Promise<Structure> {
    const existing = await this.em.findOne(Structure, { identifierType: 'SIRET', identifier: siret });
    if (existing) return existing;
    const company = COMPANY_REGISTRY.find((c) => c.siret === siret)!;
    const structure = new Structure({
      identifierType: 'SIRET',
      identifier: siret,
      structureType: StructureType.PRIVEE,
      companyName: company.companyName,
      now: this.clock.now(),
    });
    structure.address = { ...company.address };
    structure.vatNumber = company.vatNumber;
    await this.em.persistAndFlush(structure);
    return structure;
  }

  private async ensurePrincipal(structureId: string, userId: string): Promise<void> {
    if ((await this.memberships.memberUserIds(structureId)).includes(userId)) return;
    await this.em.transactional((em) => this.memberships.registerPrincipalManager(txOf(em), structureId, userId));
  }
}
