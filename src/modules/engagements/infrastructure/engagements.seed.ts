import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { uuidv7 } from '../../../shared/domain/ids';
import { SandboxSeed, SandboxSeedProvider, SeedReport } from '../../../shared/seed/sandbox-seed';
import { Clock } from '../../../shared/time/clock';
import { SANDBOX_DEMO_STRUCTURES } from '../../organisation/contracts/sandbox';
import { StructureCatalog } from '../../organisation/contracts/structures';

const STATE_SIRET = '11000201100044';

/** Engagements the guides' invoices carry (docs/*.md), and the benchmarks' (scripts/bench.mjs: as large as an amount goes). */
const DEMO_ENGAGEMENTS: { issuer: string; number: string; amount: string; serviceCode: string | null; label: string; supplier?: string }[] = [
  { issuer: SANDBOX_DEMO_STRUCTURES.recipientSiret, number: 'EJ-2026-0001', amount: '50000.00', serviceCode: null, label: 'Fournitures de bureau 2026' },
  { issuer: SANDBOX_DEMO_STRUCTURES.recipientSiret, number: 'EJ-2026-0002', amount: '2400.00', serviceCode: null, label: 'Maintenance des photocopieurs' },
  { issuer: SANDBOX_DEMO_STRUCTURES.recipientSiret, number: 'EJ-BENCH-1', amount: '9999999999999.99', serviceCode: null, label: 'Benchmarks' },
  { issuer: STATE_SIRET, number: 'EJ-2026-41', amount: '100000.00', serviceCode: 'FACTURES_MEF_SG', label: 'Prestations informatiques' },
  { issuer: STATE_SIRET, number: 'EJ-2026-42', amount: '100000.00', serviceCode: 'FACTURES_MEF_SG', label: 'Études' },
  { issuer: STATE_SIRET, number: 'EJ-2026-43', amount: '100000.00', serviceCode: 'FACTURES_MEF_SG', label: 'Formations' },
  // The demo supplier's invoices as a subcontractor of docs/validation-circuits.md (validated, then refused).
  { issuer: STATE_SIRET, number: 'EJ-2026-77', amount: '100000.00', serviceCode: 'FACTURES_MEF_SG', label: 'Sous-traitance (lot 1)' },
  { issuer: STATE_SIRET, number: 'EJ-2026-78', amount: '100000.00', serviceCode: 'FACTURES_MEF_SG', label: 'Sous-traitance (lot 2)' },
  // For the mandator of docs/billing-mandates.md, whose invoices the demo supplier issues to the State.
  { issuer: STATE_SIRET, number: 'EJ-2026-51', amount: '100000.00', serviceCode: 'FACTURES_MEF_SG', label: 'Maintenance', supplier: SANDBOX_DEMO_STRUCTURES.mandatorSiret },
];

/**
 * Demo engagements of COMMUNE DE LYON and of the State for the demo supplier (and one for the demo mandator).
 * Idempotent (kept as they are once there). A supplier not created yet is kept by its SIRET alone.
 */
@SandboxSeedProvider(60)
@Injectable()
export class EngagementsSeed implements SandboxSeed {
  constructor(
    private readonly em: EntityManager,
    private readonly catalog: StructureCatalog,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<SeedReport> {
    const supplier = await this.catalog.findByIdentifier(SANDBOX_DEMO_STRUCTURES.supplierSiret, 'SIRET');
    if (!supplier) return { title: 'Engagements', lines: ['Demo supplier missing: run the organisation seed first'] };
    let added = 0;
    const now = this.clock.now();
    for (const e of DEMO_ENGAGEMENTS) {
      const issuer = await this.catalog.findByIdentifier(e.issuer, 'SIRET');
      if (!issuer) continue;
      const to = e.supplier ? { id: (await this.catalog.findByIdentifier(e.supplier, 'SIRET'))?.id ?? null, identifier: e.supplier } : supplier;
      const service = e.serviceCode ? await this.catalog.findService(issuer.id, e.serviceCode) : null;
      const rows = await this.em.getConnection().execute<{ id: string }[]>(
        `insert into engagement (id, structure_id, service_id, service_code, number, type, notification_date, amount, currency,
                                 supplier_structure_id, supplier_identifier, label, status, consumed, created_at, updated_at)
         values (?, ?, ?, ?, ?, 'BON_DE_COMMANDE', '2026-01-05', ?, 'EUR', ?, ?, ?, 'ACTIVE', 0, ?, ?)
         on conflict (structure_id, number) do nothing returning id`,
        [uuidv7(), issuer.id, service?.id ?? null, service?.code ?? null, e.number, e.amount, to.id, to.identifier, e.label, now, now],
      );
      added += rows.length;
    }
    return {
      title: 'Engagements',
      lines: [`Demo engagements: ${DEMO_ENGAGEMENTS.map((e) => `${e.number} (${e.supplier ?? supplier.identifier})`).join(', ')} (${added} added now)`],
    };
  }
}
