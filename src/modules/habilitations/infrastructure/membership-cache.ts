import { Injectable } from '@nestjs/common';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { Membership, MembershipFacts } from '../domain/membership.entity';

export type ActiveMembership = MembershipFacts & { structureId: string };

/**
 * Each user's active memberships, cached in the process (architecture D13): every committed change to
 * one of the user's `hab_membership` rows drops the entry in every process (trigger + NOTIFY).
 * This process also drops its own entries as it flushes membership changes (`RowChanges.forgetOnFlush`), so
 * its next request never waits for the notification.
 */
@Injectable()
export class MembershipCache {
  private readonly cache: RowCache<ActiveMembership[]>;

  constructor(changes: RowChanges) {
    this.cache = new RowCache(changes, 'hab_membership');
    changes.forgetOnFlush(Membership, (membership) => this.cache.forget(membership.userId));
  }

  async activeOf(userId: string, load: () => Promise<ActiveMembership[]>): Promise<ActiveMembership[]> {
    return (await this.cache.get(userId, load)) ?? [];
  }
}
