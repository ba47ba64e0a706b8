import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../../config/config';
import { USER_TOKEN_TYPE } from '../../../shared/auth/token-types';

/** The global guard routes tokens of this type to the user strategy alone. */
export const ACCESS_TOKEN_TYPE = USER_TOKEN_TYPE;

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/**
 * Short-lived user access tokens: HS256 only, issuer, audience and `typ` header checked on the way in.
 * They name a user and a session, nothing more: rights (the administrator flag included) are read from
 * the database with the session at each request (architecture D5), never from a claim.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  issue(claims: AccessTokenClaims): { accessToken: string; expiresIn: number } {
    const { issuer, audience, accessTtlSeconds, secret } = this.config.jwt;
    const accessToken = this.jwt.sign(
      { sid: claims.sid },
      { secret, algorithm: 'HS256', subject: claims.sub, issuer, audience, expiresIn: accessTtlSeconds, header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE } },
    );
    return { accessToken, expiresIn: accessTtlSeconds };
  }
}
