import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { EXPIRY_WARNING_DAYS, TechnicalAccount } from '../domain/technical-account.entity';

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

/**
 * Finds active technical accounts whose password expires within EXPIRY_WARNING_DAYS and that were not
 * warned yet, stamps `expiryWarningSentAt` and records one `connections.technical-account-expiring`
 * event each, in the same transaction (rows locked with SKIP LOCKED: concurrent workers never warn
 * twice). A re-key clears the stamp, so the next expiry is warned again. Returns how many were warned.
 */
@Injectable()
export class WarnExpiringTechnicalAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async execute(): Promise<number> {
    let warned = 0;
    for (;;) {
      const count = await this.em.fork().transactional(async (em) => {
        const now = this.clock.now();
        const due = await em.find(
          TechnicalAccount,
          { active: true, expiryWarningSentAt: null, expiresAt: { $gt: now, $lte: new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS) } },
          { orderBy: { expiresAt: 'asc' }, limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        for (const account of due) {
          account.expiryWarningSentAt = now;
          this.outbox.record(em, 'connections.technical-account-expiring', {
            technicalAccountId: account.id,
            structureId: account.structureId,
            expiresAt: account.expiresAt.toISOString(),
          });
        }
        return due.length;
      });
      warned += count;
      if (count < BATCH) return warned;
    }
  }
}
