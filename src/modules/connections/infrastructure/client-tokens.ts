import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig } from '../../../config/config';

/** `typ` of OAuth client-credentials tokens; user access tokens carry `at+jwt` and another audience. */
export const CLIENT_TOKEN_TYPE = 'client+jwt';
export const CLIENT_TOKEN_TTL_SECONDS = 3600;

export interface ClientTokenClaims {
  /** OAuthClient.id */
  sub: string;
  cid: string;
}

/** HS256 client tokens: issuer, the client audience and `typ` checked on the way in. */
@Injectable()
export class ClientTokens {
  private readonly verifyKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.verifyKey = createSecretKey(Buffer.from(config.jwt.secret));
  }

  issue(claims: ClientTokenClaims, nowSeconds: number): string {
    const { issuer, secret } = this.config.jwt;
    return this.jwt.sign(
      { cid: claims.cid, iat: nowSeconds, exp: nowSeconds + CLIENT_TOKEN_TTL_SECONDS },
      {
        secret,
        algorithm: 'HS256',
        subject: claims.sub,
        issuer,
        audience: this.config.connections.clientTokenAudience,
        header: { alg: 'HS256', typ: CLIENT_TOKEN_TYPE },
      },
    );
  }

  /** The claims of a valid client token at `nowSeconds`, or null (bad signature, audience, type, expired). */
  verify(token: string, nowSeconds: number): ClientTokenClaims | null {
    try {
      const { issuer } = this.config.jwt;
      const decoded = this.jwt.verify<{ header: { typ?: string }; payload: { sub?: string; cid?: string } }>(token, {
        // A KeyObject: a string makes jsonwebtoken try (and fail, with an exception) createPublicKey first.
        secret: this.verifyKey as unknown as Buffer,
        algorithms: ['HS256'],
        issuer,
        audience: this.config.connections.clientTokenAudience,
        complete: true,
        clockTimestamp: nowSeconds,
      });
      if (decoded.header.typ !== CLIENT_TOKEN_TYPE) return null;
      const { sub, cid } = decoded.payload;
      if (typeof sub !== 'string' || typeof cid !== 'string') return null;
      return { sub, cid };
    } catch {
      return null;
    }
  }
}
