import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { accountLockedError } from '../domain/lockout';
import { LoginThrottle } from '../domain/login-throttle.entity';
import { MfaThrottle } from '../domain/mfa-throttle.entity';
import { User } from '../domain/user.entity';
import { countCodeFailure, countPasswordFailure, lockedMfaThrottle } from './failure-counters';

/** What a signed-in user re-proves: his password, or a code of his authenticator. */
export type ReauthenticationFactor = 'password' | 'code';

/**
 * Wrong passwords and authenticator codes typed by a signed-in user (change of password, deactivation,
 * authenticator changes) count against the same per-account limits as sign-in: the password's
 * (`LoginThrottle`, by login address) and the second factor's (`MfaThrottle`). Otherwise whoever holds an
 * access token (a session left open, a stolen token) could guess the password or the code there, without
 * limit, lockout or e-mail to the owner. While a counter is locked the proof is not even checked.
 */
@Injectable()
export class ReauthenticationLimits {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** Throws ACCOUNT_LOCKED (423) while the factor's counter of this account is locked. */
  async assertOpen(user: User, factor: ReauthenticationFactor): Promise<void> {
    const now = this.clock.now();
    // A read: the caller's unit of work (its transaction, if any) will do, no second connection.
    const counter =
      factor === 'password'
        ? await this.em.findOne(LoginThrottle, { email: user.loginEmail }, { refresh: true })
        : await this.em.findOne(MfaThrottle, { userId: user.id }, { refresh: true });
    if (counter?.isLocked(now)) throw accountLockedError(counter.lockedUntil!, now);
  }

  /**
   * Counts one wrong proof, committed on its own connection (the caller's transaction is about to roll
   * back), and returns what to throw: ACCOUNT_LOCKED when this failure locks, else `wrong`.
   */
  async failed(user: User, factor: ReauthenticationFactor, wrong: DomainError): Promise<DomainError> {
    const now = this.clock.now();
    const lockedUntil = await this.own().transactional(async (em) =>
      factor === 'password'
        ? countPasswordFailure(em, this.outbox, user.loginEmail, user.id, now)
        : countCodeFailure(em, this.outbox, await lockedMfaThrottle(em, user.id, now), now),
    );
    return lockedUntil ? accountLockedError(lockedUntil, now) : wrong;
  }

  /** A unit of work of its own, outside any transaction the caller runs. */
  private own(): EntityManager {
    return this.em.fork({ disableContextResolution: true });
  }
}
