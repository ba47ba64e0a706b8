import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../../../shared/persistence/raw';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { UserActivity } from '../contracts/users';
import { User, UserStatus } from '../domain/user.entity';

/**
 * Users' status, cached per user in the process (architecture D13): the trigger of migration
 * `user_status_row_change` announces every committed status change (and deletion) of an `account_user`
 * row, and this process drops its own entries as it flushes users. Every technical-account call asks it
 * for the account's creator, so it must cost no round trip in the common case.
 */
@Injectable()
export class CachedUserActivity extends UserActivity {
  private readonly cache: RowCache<{ active: boolean }>;

  constructor(
    private readonly em: EntityManager,
    changes: RowChanges,
  ) {
    super();
    this.cache = new RowCache(changes, 'account_user');
    changes.forgetOnFlush(User, (user) => this.cache.forget(user.id));
  }

  async isActive(userId: string): Promise<boolean> {
    const facts = await this.cache.get(userId, async () => {
      const [row] = await rawRows<{ status: UserStatus }>(this.em, 'select status from account_user where id = ?', [userId]);
      return { active: row?.status === UserStatus.ACTIVE };
    });
    return facts?.active ?? false;
  }
}
