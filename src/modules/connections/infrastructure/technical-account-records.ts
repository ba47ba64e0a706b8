import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { Grant } from '../../habilitations/contracts/applications';
import { TechnicalAccountGrants } from '../contracts/technical-account-grants';
import { TechnicalAccountDirectory, TechnicalAccountSummary } from '../contracts/technical-accounts';
import { TechnicalAccount } from '../domain/technical-account.entity';

/**
 * One primary-key read per check: deactivation or expiry takes effect at once. A raw read on the
 * current context's connection (never a fork): the check often runs inside the caller's transaction,
 * and a second pooled connection per check would starve the pool under load.
 */
@Injectable()
export class MikroTechnicalAccountGrants extends TechnicalAccountGrants {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {
    super();
  }

  async grantsOf(technicalAccountId: string): Promise<Grant[]> {
    const rows = await this.em.execute<{ grants: Grant[] | string; active: boolean; expires_at: Date | string }[]>(
      'select grants, active, expires_at from conn_technical_account where id = ?',
      [technicalAccountId],
    );
    const row = rows[0];
    if (!row || !row.active || new Date(row.expires_at).getTime() <= this.clock.now().getTime()) return [];
    return typeof row.grants === 'string' ? (JSON.parse(row.grants) as Grant[]) : row.grants;
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
