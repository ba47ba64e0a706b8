import { EventArgs, EventSubscriber, MikroORM } from '@mikro-orm/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { Membership, MembershipFacts } from '../domain/membership.entity';

export type ActiveMembership = MembershipFacts & { structureId: string };

/**
 * Each user's active memberships, cached in the API process (architecture D13): every committed change
 * to one of the user's `hab_membership` rows drops the entry in every API process (trigger + NOTIFY).
 * This process also drops its own entries as it flushes membership changes (the subscriber below), so
 * its next request never waits for the notification.
 */
@Injectable()
export class MembershipCache implements OnModuleInit, EventSubscriber<Membership> {
  private readonly cache: RowCache<ActiveMembership[]>;

  constructor(
    changes: RowChanges,
    private readonly orm: MikroORM,
  ) {
    this.cache = new RowCache(changes, 'hab_membership');
  }

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  getSubscribedEntities(): [typeof Membership] {
    return [Membership];
  }

  afterCreate(args: EventArgs<Membership>): void {
    this.cache.forget(args.entity.userId);
  }

  afterUpdate(args: EventArgs<Membership>): void {
    this.cache.forget(args.entity.userId);
  }

  afterDelete(args: EventArgs<Membership>): void {
    this.cache.forget(args.entity.userId);
  }

  /** `committed`: false when `load` reads inside a transaction, whose answer must not be kept. */
  async activeOf(userId: string, load: () => Promise<ActiveMembership[]>, committed: boolean): Promise<ActiveMembership[]> {
    return (await this.cache.get(userId, load, committed)) ?? [];
  }
}
