import { Injectable } from '@nestjs/common';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { Session } from '../domain/session.entity';

/** What the access-token check needs of a session. */
export interface SessionFacts {
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * The sessions API requests present, cached in the process (architecture D13): every committed change
 * to `account_session` drops its entry in every process (trigger + NOTIFY). This process also drops
 * its own entries as it writes them, so its next request never waits for the notification: entity
 * changes as they are flushed, bulk revocations through `forget*`.
 */
@Injectable()
export class SessionCache {
  private readonly cache: RowCache<SessionFacts>;

  constructor(changes: RowChanges) {
    this.cache = new RowCache(changes, 'account_session');
    changes.forgetOnFlush(Session, (session) => this.cache.forget(session.id));
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
