import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock, DAY_MS } from '../../../shared/time/clock';
import { normaliseEmail, User, UserStatus } from '../domain/user.entity';

export const PENDING_ACCOUNT_LIFETIME_MS = 30 * DAY_MS;

/** "Réactiver": a pending account (less than 30 days old) gets a fresh link. Same answer in every case. */
@Injectable()
export class RequestActivationLink {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(loginEmail: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { loginEmail: normaliseEmail(loginEmail), status: UserStatus.PENDING });
      if (!user || user.createdAt.getTime() + PENDING_ACCOUNT_LIFETIME_MS <= this.clock.now().getTime()) return;
      this.outbox.record(em, 'accounts.activation-link-requested', { userId: user.id });
    });
  }
}
