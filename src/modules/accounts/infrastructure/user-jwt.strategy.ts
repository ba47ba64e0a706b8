import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../../config/config';
import { UserActor } from '../../../shared/auth/actor';
import { Clock } from '../../../shared/time/clock';
import { Session } from '../domain/session.entity';
import { ACCESS_TOKEN_TYPE } from './access-tokens';

interface CompleteToken {
  header: { alg: string; typ?: string };
  payload: { sub: string; sid: string; adm?: boolean };
}

/**
 * Verifies user access tokens (signature, HS256 only, exp, iss, aud, typ) and that their session is
 * still active: logout, password reset and deactivation take effect at once, at the cost of one
 * primary-key lookup per request.
 */
@Injectable()
export class UserJwtStrategy extends PassportStrategy(Strategy, 'user-jwt') {
  constructor(
    config: AppConfig,
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.secret,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { complete: true },
    });
  }

  async validate(token: CompleteToken): Promise<UserActor | false> {
    if (token.header.typ !== ACCESS_TOKEN_TYPE) return false;
    const session = await this.em.fork().findOne(Session, { id: token.payload.sid }, { fields: ['revokedAt', 'expiresAt', 'userId'] });
    if (!session || !session.isActive(this.clock.now()) || session.userId !== token.payload.sub) return false;
    return { kind: 'user', userId: token.payload.sub, sessionId: token.payload.sid, isAdmin: token.payload.adm === true };
  }
}
