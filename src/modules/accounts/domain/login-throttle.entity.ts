import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { isLockedAt, recordLockoutFailure } from './lockout';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_DURATION_MS = 15 * 60_000;

/**
 * Failed sign-ins per e-mail address, registered or not: unknown addresses lock exactly like known
 * ones, so the lockout itself does not tell which addresses have an account.
 */
@Entity({ tableName: 'account_login_throttle' })
export class LoginThrottle {
  @PrimaryKey({ type: 'string', length: 254 })
  email: string;

  @Property({ type: 'integer' })
  failures: number = 0;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'datetime' })
  lastFailureAt: Date;

  constructor(email: string, now: Date) {
    this.email = email;
    this.lastFailureAt = now;
  }

  isLocked(now: Date): boolean {
    return isLockedAt(this, now);
  }

  /** Records a failure; returns the unlock time when this failure locks the address. */
  recordFailure(now: Date): Date | undefined {
    return recordLockoutFailure(this, now, { max: MAX_FAILED_LOGINS, durationMs: LOCK_DURATION_MS });
  }
}
