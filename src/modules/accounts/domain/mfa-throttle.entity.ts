import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

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
    return !!this.lockedUntil && this.lockedUntil.getTime() > now.getTime();
  }

  /** Records a wrong code; returns the unlock time when this one locks the account. */
  recordFailure(now: Date): Date | undefined {
    if (this.lockedUntil && this.lockedUntil.getTime() <= now.getTime()) {
      this.failures = 0;
      this.lockedUntil = undefined;
    }
    this.failures++;
    this.lastFailureAt = now;
    if (this.failures >= MAX_FAILED_MFA_CODES) {
      this.lockedUntil = new Date(now.getTime() + MFA_LOCK_DURATION_MS);
      return this.lockedUntil;
    }
    return undefined;
  }
}
