import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { safeEqual, sha256 } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { accountLockedError } from '../domain/lockout';
import { MfaChallenge } from '../domain/mfa-challenge.entity';
import { MfaMethod, User, UserStatus } from '../domain/user.entity';
import { TotpService } from '../infrastructure/totp';
import { countCodeFailure, lockedMfaThrottle } from './failure-counters';
import { Sessions, TokenPair } from './sessions.service';

type Outcome = { ok: true; tokens: TokenPair } | { ok: false; lockedUntil?: Date };

/**
 * Second step of sign-in: the e-mailed code or the authenticator code opens a session. Wrong codes are
 * counted per account across challenges (`MfaThrottle`): at the fifth the account is locked for 15
 * minutes, during which no code is even checked, and its owner is told by e-mail (their password is
 * known to whoever is typing the codes).
 */
@Injectable()
export class VerifyMfa {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: Sessions,
    private readonly totp: TotpService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(challengeId: string, code: string, userAgent?: string): Promise<TokenPair> {
    const now = this.clock.now();
    const outcome = await this.em.transactional(async (em): Promise<Outcome> => {
      const challenge =
        typeof challengeId === 'string' && challengeId.length <= 64
          ? await em.findOne(MfaChallenge, { id: challengeId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
          : null;
      if (!challenge || !challenge.isOpen(now)) throw new DomainError(AccountsErrors.MFA_CHALLENGE_INVALID, {}, 'challengeId');
      const user = await em.findOneOrFail(User, { id: challenge.userId });
      if (user.status !== UserStatus.ACTIVE) throw new DomainError(AccountsErrors.MFA_CHALLENGE_INVALID, {}, 'challengeId');

      // The account's counter, created if need be and locked: concurrent attempts on several challenges
      // of one account are checked one at a time, so each is counted before the next is judged.
      const throttle = await lockedMfaThrottle(em, user.id, now);
      if (throttle.isLocked(now)) return { ok: false, lockedUntil: throttle.lockedUntil };

      if (!this.codeMatches(challenge, user, code.trim(), now)) {
        challenge.attempts++;
        return { ok: false, lockedUntil: countCodeFailure(em, this.outbox, throttle, now) };
      }
      em.remove(throttle);
      challenge.consumedAt = now;
      return { ok: true, tokens: this.sessions.open(em, user, userAgent) };
    });
    // The failed attempt is committed before answering, so the attempt limits hold.
    if (outcome.ok) return outcome.tokens;
    if (outcome.lockedUntil) throw accountLockedError(outcome.lockedUntil, this.clock.now());
    throw new DomainError(AccountsErrors.MFA_CODE_INVALID, {}, 'code');
  }

  private codeMatches(challenge: MfaChallenge, user: User, code: string, now: Date): boolean {
    if (challenge.method === MfaMethod.EMAIL) {
      return !!challenge.codeHash && safeEqual(challenge.codeHash, sha256(code));
    }
    if (!user.totpSecret) return false;
    const lastStep = user.totpLastStep !== undefined && user.totpLastStep !== null ? BigInt(user.totpLastStep) : undefined;
    const secret = this.totp.decrypt(user.totpSecret);
    if (!secret) return false;
    const step = this.totp.verify(secret, code, now, lastStep);
    if (step === undefined) return false;
    user.totpLastStep = step.toString();
    return true;
  }
}
