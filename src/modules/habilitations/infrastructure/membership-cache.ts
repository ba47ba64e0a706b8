import { MikroORM } from '@mikro-orm/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { forgetOnFlush, RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { Membership, MembershipFacts } from '../domain/membership.entity';

export type ActiveMembership = MembershipFacts & { structureId: string };

/**
 * Each user's active memberships, cached in the process (architecture D13): every committed change to
 * one of the user's `hab_membership` rows drops the entry in every process (trigger + NOTIFY).
 * This process also drops its own entries as it flushes membership changes (`forgetOnFlush`), so
 * its next request never waits for the notification.
 */
@Injectable()
export class MembershipCache implements OnModuleInit {
  private readonly cache: RowCache<ActiveMembership[]>;

  constructor(
    changes: RowChanges,
    private readonly orm: MikroORM,
  ) {
    this.cache = new RowCache(changes, 'hab_membership');
  }

  onModuleInit(): void {
    forgetOnFlush(this.orm, Membership, (membership) => this.cache.forget(membership.userId));
  }

  /** `committed`: false when `load` reads inside a transaction, whose answer must not be kept. */
  async activeOf(userId: string, load: () => Promise<ActiveMembership[]>, committed: boolean): Promise<ActiveMembership[]> {
    return (await this.cache.get(userId, load, committed)) ?? [];
  }
}
