import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomToken } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { accountLockedError } from '../domain/lockout';
import { LoginThrottle } from '../domain/login-throttle.entity';
import { MfaChallenge } from '../domain/mfa-challenge.entity';
import { MfaThrottle } from '../domain/mfa-throttle.entity';
import { MfaMethod, normaliseEmail, User, UserStatus } from '../domain/user.entity';
import { PasswordHasher } from '../infrastructure/password-hasher';
import { TotpService } from '../infrastructure/totp';
import { countPasswordFailure } from './failure-counters';

export interface LoginResult {
  mfaRequired: true;
  challengeId: string;
  method: MfaMethod;
}

/**
 * First step of sign-in: the password. Unknown addresses cost the same argon2 time and lock the same
 * way as known ones, so neither the answer nor its timing tells whether an address is registered.
 */
@Injectable()
export class LogIn {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly totp: TotpService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(email: string, password: string): Promise<LoginResult> {
    const loginEmail = normaliseEmail(email);
    const now = this.clock.now();
    const throttle = await this.em.findOne(LoginThrottle, { email: loginEmail });
    if (throttle?.isLocked(now)) {
      throw accountLockedError(throttle.lockedUntil!, now);
    }
    const user = await this.em.findOne(User, { loginEmail });
    const passwordOk = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordOk) return this.fail(loginEmail, user);
    if (user.status !== UserStatus.ACTIVE) throw new DomainError(AccountsErrors.ACCOUNT_NOT_ACTIVE);
    // Locked for wrong second-factor codes: no new challenge (nor e-mailed code) until the unlock time.
    // Only a caller with the right password gets here, and a challenge would tell them as much.
    const mfaThrottle = await this.em.findOne(MfaThrottle, { userId: user.id });
    if (mfaThrottle?.isLocked(now)) {
      throw accountLockedError(mfaThrottle.lockedUntil!, now);
    }

    return this.em.transactional(async (em) => {
      if (throttle) await em.nativeDelete(LoginThrottle, { email: loginEmail });
      // An authenticator secret encrypted under a previous key cannot be checked: fall back to an e-mailed code.
      const usable = user.mfaMethod === MfaMethod.TOTP && !!user.totpSecret && this.totp.decrypt(user.totpSecret) !== undefined;
      const challenge = new MfaChallenge(randomToken(), user.id, usable ? MfaMethod.TOTP : MfaMethod.EMAIL, now);
      em.persist(challenge);
      if (challenge.method === MfaMethod.EMAIL) {
        this.outbox.record(em, 'accounts.mfa-code-requested', { challengeId: challenge.id, userId: user.id });
      }
      return { mfaRequired: true as const, challengeId: challenge.id, method: challenge.method };
    });
  }

  private async fail(loginEmail: string, user: User | null): Promise<never> {
    const now = this.clock.now();
    // Committed before answering, so that the attempt limits hold.
    const unlockAt = await this.em.transactional((em) => countPasswordFailure(em, this.outbox, loginEmail, user?.id ?? null, now));
    if (unlockAt) throw accountLockedError(unlockAt, now);
    throw new DomainError(AccountsErrors.INVALID_CREDENTIALS);
  }
}
