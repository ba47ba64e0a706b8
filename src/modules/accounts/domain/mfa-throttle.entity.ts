import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { isLockedAt, recordLockoutFailure } from './lockout';

/** Wrong second-factor codes per account, across its challenges, before it is locked. */
export const MAX_FAILED_MFA_CODES = 5;
/** How long an account stays locked after too many wrong codes (like the password lockout's). */
export const MFA_LOCK_DURATION_MS = 15 * 60_000;

/**
 * Wrong second-factor codes (e-mailed or authenticator) per account. A challenge allows five tries, but a
 * caller who has the password can open new challenges at will: the count lives here, per account, so
 * it survives them. Mirrors the password lockout (`LoginThrottle`).
 */
@Entity({ tableName: 'account_mfa_throttle' })
export class MfaThrottle {
  @PrimaryKey({ type: 'uuid' })
  userId: string;

  @Property({ type: 'integer' })
  failures: number = 0;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'datetime' })
  lastFailureAt: Date;

  constructor(userId: string, now: Date) {
    this.userId = userId;
    this.lastFailureAt = now;
  }

  isLocked(now: Date): boolean {
    return isLockedAt(this, now);
  }

  /** Records a failure; returns the unlock time when this failure locks the account. */
  recordFailure(now: Date): Date | undefined {
    return recordLockoutFailure(this, now, { max: MAX_FAILED_MFA_CODES, durationMs: MFA_LOCK_DURATION_MS });
  }
}
