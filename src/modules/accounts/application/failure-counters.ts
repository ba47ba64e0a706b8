import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Outbox } from '../../../shared/outbox/outbox';
import { LoginThrottle } from '../domain/login-throttle.entity';
import { MfaThrottle } from '../domain/mfa-throttle.entity';

/**
 * The per-account counters of wrong proofs, shared by sign-in, the second factor and the checks a signed-in
 * user passes again (`ReauthenticationLimits`). Each is created if need be and row-locked, so that concurrent
 * attempts are counted one after the other.
 */

/** The password's counter (by login address), locked in `em`'s transaction. */
export async function lockedLoginThrottle(em: EntityManager, loginEmail: string, now: Date): Promise<LoginThrottle> {
  await em.execute(`insert into account_login_throttle (email, failures, last_failure_at) values (?, 0, ?) on conflict (email) do nothing`, [loginEmail, now]);
  return em.findOneOrFail(LoginThrottle, { email: loginEmail }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/** The second factor's counter, locked in `em`'s transaction. */
export async function lockedMfaThrottle(em: EntityManager, userId: string, now: Date): Promise<MfaThrottle> {
  await em.execute(`insert into account_mfa_throttle (user_id, failures, last_failure_at) values (?, 0, ?) on conflict (user_id) do nothing`, [userId, now]);
  return em.findOneOrFail(MfaThrottle, { userId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/** Counts a wrong password; when it locks the account, its owner (if any) is told. Returns the lock's end. */
export async function countPasswordFailure(em: EntityManager, outbox: Outbox, loginEmail: string, userId: string | null, now: Date): Promise<Date | undefined> {
  const lockedUntil = (await lockedLoginThrottle(em, loginEmail, now)).recordFailure(now);
  if (lockedUntil && userId) outbox.record(em, 'accounts.user-locked', { userId, unlockAt: lockedUntil.toISOString() });
  return lockedUntil;
}

/** Counts a wrong code on a counter the caller locked; when it locks the second factor, its owner is told. */
export function countCodeFailure(em: EntityManager, outbox: Outbox, throttle: MfaThrottle, now: Date): Date | undefined {
  const lockedUntil = throttle.recordFailure(now);
  if (lockedUntil) outbox.record(em, 'accounts.mfa-locked', { userId: throttle.userId, unlockAt: lockedUntil.toISOString() });
  return lockedUntil;
}
