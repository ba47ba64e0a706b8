import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { UserStatus } from '../domain/user.entity';
import { PENDING_ACCOUNT_LIFETIME_MS } from './request-activation-link.use-case';

/**
 * Deletes accounts still pending 30 days after sign-up, with their links. Run by the delayed job of each
 * account and by a periodic sweep; the condition is re-checked here, so either may fire early or twice.
 */
@Injectable()
export class PurgePendingAccounts {
  private readonly logger = new Logger(PurgePendingAccounts.name);

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute(userId?: string): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - PENDING_ACCOUNT_LIFETIME_MS);
    const purged = await this.em.transactional(async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `delete from account_user where status = ? and created_at <= ? ${userId ? 'and id = ?' : ''} returning id`,
        userId ? [UserStatus.PENDING, cutoff, userId] : [UserStatus.PENDING, cutoff],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length > 0) {
        await em.execute('delete from account_one_time_link where user_id in (?)', [ids]);
        await em.execute('delete from account_mfa_challenge where user_id in (?)', [ids]);
      }
      return ids.length;
    });
    if (purged > 0) this.logger.log({ purged }, 'Purged pending accounts never activated');
    return purged;
  }
}
