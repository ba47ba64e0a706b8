import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { UserActivity } from '../../accounts/contracts/users';
import { Grant } from '../../habilitations/contracts/applications';
import { ApiClients } from '../contracts/api-clients';
import { ApiGroup } from '../contracts/api-groups';
import { TechnicalAccountFacts, TechnicalAccountGrants } from '../contracts/technical-account-grants';
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

  async factsOf(technicalAccountId: string): Promise<TechnicalAccountFacts | null> {
    const rows = await this.em.execute<{ grants: Grant[] | string; active: boolean; expires_at: Date | string; created_by: string | null }[]>(
      'select grants, active, expires_at, created_by from conn_technical_account where id = ?',
      [technicalAccountId],
    );
    const row = rows[0];
    if (!row || !row.active || new Date(row.expires_at).getTime() <= this.clock.now().getTime()) return null;
    return { grants: typeof row.grants === 'string' ? (JSON.parse(row.grants) as Grant[]) : row.grants, createdBy: row.created_by };
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

/**
 * One primary-key read on the current context's connection (the fan-out runs in its handler's transaction),
 * and the owner's status from the row cache D13 keeps exact: a revocation or the owner's deactivation takes
 * effect at the next event.
 */
@Injectable()
export class MikroApiClients extends ApiClients {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UserActivity,
  ) {
    super();
  }

  async liveGroupsOf(oauthClientId: string): Promise<ApiGroup[] | null> {
    const [row] = await rawRows<{ api_groups: ApiGroup[]; revoked_at: unknown; owner_user_id: string | null }>(
      this.em,
      'select api_groups, revoked_at, owner_user_id from conn_oauth_client where id = ?',
      [oauthClientId],
    );
    if (!row || row.revoked_at !== null) return null;
    if (row.owner_user_id && !(await this.users.isActive(row.owner_user_id))) return null;
    return row.api_groups;
  }
}
