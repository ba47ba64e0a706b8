import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SandboxSeed, SandboxSeedProvider, SeedReport } from '../../../shared/seed/sandbox-seed';
import { Clock } from '../../../shared/time/clock';
import { UserDirectory } from '../../accounts/contracts/users';
import { SANDBOX_DEMO_USERS } from '../../accounts/contracts/sandbox';
import { SANDBOX_DEMO_STRUCTURES } from '../../organisation/contracts/sandbox';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { BillingMandate, mandateDay, MandateStatus } from '../domain/billing-mandate.entity';

/**
 * An active billing mandate from the demo mandator (Atelier Numérique Garonne SAS) to the demo supplier,
 * subscribed by the supplier and accepted by the mandator's manager, so the sandbox can issue an invoice
 * in another supplier's name at once. Idempotent: made once per database; a sandbox user who revokes it
 * keeps it revoked.
 */
@SandboxSeedProvider(25)
@Injectable()
export class BillingMandatesSeed implements SandboxSeed {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: StructureCatalog,
    private readonly users: UserDirectory,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<SeedReport> {
    const title = 'Billing mandates';
    const [mandator, mandatary] = await Promise.all([
      this.catalog.findByIdentifier(SANDBOX_DEMO_STRUCTURES.mandatorSiret, 'SIRET'),
      this.catalog.findByIdentifier(SANDBOX_DEMO_STRUCTURES.supplierSiret, 'SIRET'),
    ]);
    const [supplierUser, mandatorUser] = await Promise.all([
      this.users.findByLoginEmail(SANDBOX_DEMO_USERS.supplier.email),
      this.users.findByLoginEmail(SANDBOX_DEMO_USERS.recipient.email),
    ]);
    if (!mandator || !mandatary || !supplierUser || !mandatorUser) return { title, lines: ['Demo structures missing: run the organisation seed first'] };
    let mandate = await this.em.findOne(BillingMandate, { mandatorStructureId: mandator.id, mandataryStructureId: mandatary.id }, { orderBy: { createdAt: 'asc' } });
    if (!mandate) {
      const now = this.clock.now();
      mandate = new BillingMandate({ mandatorStructureId: mandator.id, mandataryStructureId: mandatary.id, initiatedBy: 'MANDATARY', startDate: mandateDay(now), endDate: null, now });
      mandate.record('SUBSCRIBED', 'MANDATARY', supplierUser.id, now, 'Mandat de démonstration');
      mandate.record('ACCEPTED', 'MANDATOR', mandatorUser.id, now);
      mandate.status = MandateStatus.ACTIVE;
      await this.em.persistAndFlush(mandate);
    }
    return {
      title,
      lines: [`Mandate ${mandate.number} (${mandate.status}): ${mandatary.companyName} issues invoices in the name of ${mandator.companyName} (docs/billing-mandates.md)`],
    };
  }
}
