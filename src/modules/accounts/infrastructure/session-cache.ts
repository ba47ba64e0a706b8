import { Injectable } from '@nestjs/common';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { Session } from '../domain/session.entity';
import { User } from '../domain/user.entity';

/** What the access-token check needs of a session, and of its user: the rights a token never carries. */
export interface SessionFacts {
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  /** The user's platform administrator flag, read with the session (never from a token claim). */
  isAdmin: boolean;
}

/**
 * The sessions API requests present, with their user's administrator flag, cached in the process
 * (architecture D13): every committed change to `account_session` drops its entry in every process, and
 * every committed change of a user's `is_admin` drops that user's sessions (triggers + NOTIFY). This process
 * also drops its own entries as it writes them, so its next request never waits for the notification:
 * session and user changes as they are flushed, bulk revocations through `forget*`.
 */
@Injectable()
export class SessionCache {
  private readonly cache: RowCache<SessionFacts>;

  constructor(changes: RowChanges) {
    this.cache = new RowCache(changes, 'account_session');
    // A user change is announced by user id (migration admin_flag_row_change); the cache is keyed by session.
    changes.subscribe('account_user', { changed: (userId) => this.forgetUser(userId), reset: () => this.cache.clear() });
    changes.forgetOnFlush(Session, (session) => this.cache.forget(session.id));
    changes.forgetOnFlush(User, (user) => this.forgetUser(user.id));
  }

  get(sessionId: string, load: () => Promise<SessionFacts | undefined>): Promise<SessionFacts | undefined> {
    return this.cache.get(sessionId, load);
  }

  forget(sessionId: string): void {
    this.cache.forget(sessionId);
  }

  forgetUser(userId: string): void {
    this.cache.forgetWhere((session) => session.userId === userId);
  }
}
