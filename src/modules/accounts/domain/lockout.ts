import { DomainError } from '../../../shared/domain/domain-error';
import { AccountsErrors } from './accounts.errors';

/**
 * The lockout rule shared by the password (`LoginThrottle`, per address) and the second factor
 * (`MfaThrottle`, per account): `max` failures in a row lock for `durationMs`; the first failure after a
 * lock has expired starts counting again.
 */
export interface LockoutCounter {
  failures: number;
  lockedUntil?: Date;
  lastFailureAt: Date;
}

export interface LockoutRule {
  max: number;
  durationMs: number;
}

export function isLockedAt(counter: LockoutCounter, now: Date): boolean {
  return !!counter.lockedUntil && counter.lockedUntil.getTime() > now.getTime();
}

/** Records a failure on `counter`; returns the unlock time when this failure locks. */
export function recordLockoutFailure(counter: LockoutCounter, now: Date, rule: LockoutRule): Date | undefined {
  if (counter.lockedUntil && counter.lockedUntil.getTime() <= now.getTime()) {
    counter.failures = 0;
    counter.lockedUntil = undefined;
  }
  counter.failures++;
  counter.lastFailureAt = now;
  if (counter.failures < rule.max) return undefined;
  counter.lockedUntil = new Date(now.getTime() + rule.durationMs);
  return counter.lockedUntil;
}

/**
 * The answer while locked (423): `unlockAt`, and `retryAfter` in seconds, which the error filter also sends
 * as `Retry-After` (docs/api-guide.md, "Rate limits").
 */
export function accountLockedError(lockedUntil: Date, now: Date): DomainError {
  return new DomainError(AccountsErrors.ACCOUNT_LOCKED, { unlockAt: lockedUntil.toISOString(), retryAfter: Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)) });
}
