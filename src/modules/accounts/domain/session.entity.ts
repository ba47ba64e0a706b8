import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

/**
 * A signed-in device. Its refresh token rotates at each use; presenting any other token of the session
 * (a rotated one replayed by a thief) revokes the whole session. Access tokens name the session (`sid`)
 * and are refused once it is revoked.
 */
@Entity({ tableName: 'account_session' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid', index: true })
  userId: string;

  @Property({ type: 'string', length: 64 })
  refreshTokenHash: string;

  @Property({ type: 'integer' })
  generation: number = 1;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  lastRefreshedAt: Date;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'string', length: 40, nullable: true })
  revokedReason?: 'LOGOUT' | 'TOKEN_REUSE' | 'PASSWORD_RESET' | 'PASSWORD_CHANGED' | 'DEACTIVATED';

  @Property({ type: 'string', length: 300, nullable: true })
  userAgent?: string;

  constructor(userId: string, refreshTokenHash: string, now: Date, ttlMs: number, userAgent?: string) {
    this.userId = userId;
    this.refreshTokenHash = refreshTokenHash;
    this.createdAt = now;
    this.lastRefreshedAt = now;
    this.expiresAt = new Date(now.getTime() + ttlMs);
    this.userAgent = userAgent?.slice(0, 300);
  }

  isActive(now: Date): boolean {
    return Session.activeAt(this.revokedAt ?? null, this.expiresAt, now);
  }

  /** The rule of isActive on raw column values (the per-request check reads them without the ORM). */
  static activeAt(revokedAt: Date | null, expiresAt: Date, now: Date): boolean {
    return !revokedAt && expiresAt.getTime() > now.getTime();
  }
}
