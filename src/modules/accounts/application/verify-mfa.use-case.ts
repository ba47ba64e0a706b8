import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { safeEqual, sha256 } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { MfaChallenge } from '../domain/mfa-challenge.entity';
import { MfaMethod, User, UserStatus } from '../domain/user.entity';
import { TotpService } from '../infrastructure/totp';
import { Sessions, TokenPair } from './sessions.service';

/** Second step of sign-in: the e-mailed code or the authenticator code opens a session. */
@Injectable()
export class VerifyMfa {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: Sessions,
    private readonly totp: TotpService,
    private readonly clock: Clock,
  ) {}

  async execute(challengeId: string, code: string, userAgent?: string): Promise<TokenPair> {
    const now = this.clock.now();
    const outcome = await this.em.transactional(async (em) => {
      const challenge =
        typeof challengeId === 'string' && challengeId.length <= 64
          ? await em.findOne(MfaChallenge, { id: challengeId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
          : null;
      if (!challenge || !challenge.isOpen(now)) throw new DomainError(AccountsErrors.MFA_CHALLENGE_INVALID, {}, 'challengeId');
      const user = await em.findOneOrFail(User, { id: challenge.userId });
      if (user.status !== UserStatus.ACTIVE) throw new DomainError(AccountsErrors.MFA_CHALLENGE_INVALID, {}, 'challengeId');

      if (!this.codeMatches(challenge, user, code.trim(), now)) {
        challenge.attempts++;
        return { ok: false as const };
      }
      challenge.consumedAt = now;
      return { ok: true as const, tokens: this.sessions.open(em, user, userAgent) };
    });
    // The failed attempt is committed before answering, so the attempt limit holds.
    if (!outcome.ok) throw new DomainError(AccountsErrors.MFA_CODE_INVALID, {}, 'code');
    return outcome.tokens;
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
