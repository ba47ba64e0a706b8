import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig } from '../../../config/config';
import { CLIENT_TOKEN_TYPE as CLIENT_TYPE } from '../../../shared/auth/token-types';

/**
 * `typ` of OAuth client-credentials tokens; user access tokens carry `at+jwt` and another audience. The
 * global guard routes tokens of this type to the client-credentials strategy alone.
 */
export const CLIENT_TOKEN_TYPE = CLIENT_TYPE;
export const CLIENT_TOKEN_TTL_SECONDS = 3600;

export interface ClientTokenClaims {
  /** OAuthClient.id */
  sub: string;
  cid: string;
}

/** Bounds the verified-token memory (one token per ERP client and hour in practice). */
const MAX_VERIFIED_TOKENS = 10_000;

interface VerifiedToken {
  claims: ClientTokenClaims;
  /** The token's `nbf` and `exp` (epoch seconds), checked again at every use; undefined when absent. */
  notBefore: number | undefined;
  expires: number | undefined;
}

/**
 * HS256 client tokens: issuer, the client audience and `typ` checked on the way in. A token that passed
 * every check is remembered by its exact text, with its validity period: what the signature, issuer,
 * audience and type checks concluded cannot change for the same text and key, so a later call only
 * checks the period again (an ERP sends the same token for an hour: one HMAC and JSON parse per call saved).
 */
@Injectable()
export class ClientTokens {
  private readonly verifyKey: KeyObject;
  private readonly verified = new Map<string, VerifiedToken>();

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
    const known = this.verified.get(token);
    if (known) return inPeriod(known, nowSeconds) ? known.claims : null;
    try {
      const { issuer } = this.config.jwt;
      const decoded = this.jwt.verify<{ header: { typ?: string }; payload: { sub?: string; cid?: string; nbf?: number; exp?: number } }>(token, {
        // A KeyObject: a string makes jsonwebtoken try (and fail, with an exception) createPublicKey first.
        secret: this.verifyKey as unknown as Buffer,
        algorithms: ['HS256'],
        issuer,
        audience: this.config.connections.clientTokenAudience,
        complete: true,
        clockTimestamp: nowSeconds,
      });
      if (decoded.header.typ !== CLIENT_TOKEN_TYPE) return null;
      const { sub, cid, nbf, exp } = decoded.payload;
      if (typeof sub !== 'string' || typeof cid !== 'string') return null;
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, { claims: { sub, cid }, notBefore: nbf, expires: exp });
      return { sub, cid };
    } catch {
      return null;
    }
  }
}

/** jsonwebtoken's own period rule (no clock tolerance): not before `nbf`, expired from `exp` on. */
function inPeriod(token: VerifiedToken, nowSeconds: number): boolean {
  return (token.notBefore === undefined || token.notBefore <= nowSeconds) && (token.expires === undefined || nowSeconds < token.expires);
}
