import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { randomToken, safeEqual, sha256 } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { UUID_PATTERN } from '../../../shared/domain/ids';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { Session } from '../domain/session.entity';
import { User, UserStatus } from '../domain/user.entity';
import { AccessTokens } from '../infrastructure/access-tokens';
import { SessionCache } from '../infrastructure/session-cache';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Refresh tokens are `<session id>.<256-bit secret>`; the session keeps the hash of the current one. */
@Injectable()
export class Sessions {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly cache: SessionCache,
  ) {}

  open(em: EntityManager, user: User, userAgent?: string): TokenPair {
    const secret = randomToken();
    const session = new Session(user.id, sha256(secret), this.clock.now(), this.config.jwt.refreshTtlSeconds * 1000, userAgent);
    em.persist(session);
    return this.pair(session, user, secret);
  }

  /**
   * Rotates the refresh token. Presenting a rotated (or forged) token revokes the session: then it
   * returns `'revoked'` instead of throwing, so the caller commits the revocation before refusing
   * (an error thrown inside the transaction would roll the revocation back).
   */
  async refresh(em: EntityManager, refreshToken: string): Promise<TokenPair | 'revoked'> {
    const [sessionId, secret] = typeof refreshToken === 'string' ? refreshToken.split('.') : [];
    if (!sessionId || !secret || !UUID_PATTERN.test(sessionId)) throw new DomainError(AccountsErrors.REFRESH_TOKEN_INVALID);
    const session = await em.findOne(Session, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const now = this.clock.now();
    if (!session || !session.isActive(now)) throw new DomainError(AccountsErrors.REFRESH_TOKEN_INVALID);
    if (!safeEqual(session.refreshTokenHash, sha256(secret))) {
      session.revokedAt = now;
      session.revokedReason = 'TOKEN_REUSE';
      return 'revoked';
    }
    const user = await em.findOneOrFail(User, { id: session.userId });
    if (user.status !== UserStatus.ACTIVE) throw new DomainError(AccountsErrors.REFRESH_TOKEN_INVALID);
    const next = randomToken();
    session.refreshTokenHash = sha256(next);
    session.generation++;
    session.lastRefreshedAt = now;
    return this.pair(session, user, next);
  }

  async revokeAll(em: EntityManager, userId: string, reason: NonNullable<Session['revokedReason']>): Promise<void> {
    await em.nativeUpdate(Session, { userId, revokedAt: null }, { revokedAt: this.clock.now(), revokedReason: reason });
    // Before the commit: the caller's own next request must not find them; other processes learn it at commit.
    this.cache.forgetUser(userId);
  }

  private pair(session: Session, user: User, secret: string): TokenPair {
    const { accessToken, expiresIn } = this.tokens.issue({ sub: user.id, sid: session.id });
    return { accessToken, refreshToken: `${session.id}.${secret}`, tokenType: 'Bearer', expiresIn };
  }
}
