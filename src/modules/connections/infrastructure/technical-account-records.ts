import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { Grant } from '../../habilitations/contracts/applications';
import { TechnicalAccountGrants } from '../contracts/technical-account-grants';
import { TechnicalAccountDirectory, TechnicalAccountSummary } from '../contracts/technical-accounts';
import { TechnicalAccount } from '../domain/technical-account.entity';

/** One primary-key read per check: deactivation or expiry takes effect at once. */
@Injectable()
export class MikroTechnicalAccountGrants extends TechnicalAccountGrants {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {
    super();
  }

  async grantsOf(technicalAccountId: string): Promise<Grant[]> {
    const account = await this.em.fork().findOne(TechnicalAccount, { id: technicalAccountId }, { fields: ['grants', 'active', 'expiresAt'] });
    return account && account.usable(this.clock.now()) ? account.grants : [];
  }
}

@Injectable()
export class MikroTechnicalAccountDirectory extends TechnicalAccountDirectory {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async findById(id: string): Promise<TechnicalAccountSummary | null> {
    const a = await this.em.fork().findOne(TechnicalAccount, { id });
    return a
      ? { id: a.id, number: a.number, login: a.login, label: a.label, structureId: a.structureId, active: a.active, expiresAt: a.expiresAt.toISOString() }
      : null;
  }
}
