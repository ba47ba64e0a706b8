import { rawRows } from '../../../shared/persistence/raw';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../../config/config';
import { UserActor } from '../../../shared/auth/actor';
import { Clock } from '../../../shared/time/clock';
import { Session } from '../domain/session.entity';
import { ACCESS_TOKEN_TYPE } from './access-tokens';
import { SessionCache, SessionFacts } from './session-cache';

/** MikroORM's pg type parsers leave timestamptz columns as strings. */
interface SessionRow {
  user_id: string;
  expires_at: string | Date;
  revoked_at: string | Date | null;
  is_admin: boolean;
}

interface CompleteToken {
  header: { alg: string; typ?: string };
  payload: { sub: string; sid: string };
}

/**
 * Verifies user access tokens (signature, HS256 only, exp, iss, aud, typ) and that their session is
 * still active: logout, password reset and deactivation take effect at once. The session is read by
 * primary key, or taken from the process's `SessionCache`, which every committed change to it clears.
 * The administrator flag comes from the user's row, read with the session in the same statement (and
 * cached with it, dropped when the flag changes): a claim in the token, forged or stale, grants nothing.
 */
@Injectable()
export class UserJwtStrategy extends PassportStrategy(Strategy, 'user-jwt') {
  constructor(
    config: AppConfig,
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly sessions: SessionCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries createPublicKey() on it and
      // only falls back to a secret key when that throws — an exception (with its stack) per request,
      // ≈ 5 % of the API's CPU under load (docs/benchmarks/archive-2026.md). The typings say string | Buffer; jsonwebtoken
      // takes a KeyObject as is.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { complete: true },
    });
  }

  async validate(token: CompleteToken): Promise<UserActor | false> {
    if (token.header.typ !== ACCESS_TOKEN_TYPE) return false;
    const session = await this.sessions.get(token.payload.sid, () => this.read(token.payload.sid));
    if (!session || !Session.activeAt(session.revokedAt, session.expiresAt, this.clock.now()) || session.userId !== token.payload.sub) return false;
    return { kind: 'user', userId: token.payload.sub, sessionId: token.payload.sid, isAdmin: session.isAdmin };
  }

  /** A bound statement, not the ORM (no fork, entity or identity map): it runs on every cache miss. */
  private async read(sessionId: string): Promise<SessionFacts | undefined> {
    const [row] = await rawRows<SessionRow>(
      this.em,
      'select s.user_id, s.expires_at, s.revoked_at, u.is_admin from account_session s join account_user u on u.id = s.user_id where s.id = ?',
      [sessionId],
    );
    return (
      row && {
        userId: row.user_id,
        expiresAt: new Date(row.expires_at),
        revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
        isAdmin: row.is_admin === true,
      }
    );
  }
}
