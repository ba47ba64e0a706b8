import { Injectable, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerRequest } from '@nestjs/throttler/dist/throttler.guard.interface.js';
import type { FastifyReply } from 'fastify';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';

/**
 * The rate-limit fields of an answer, in the form of draft-ietf-httpapi-ratelimit-headers-06 (three fields,
 * the form most clients parse; later drafts merge them into one `RateLimit` dictionary): `RateLimit-Limit`
 * (requests per window), `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the quota is back), and
 * `RateLimit-Policy` (`<limit>;w=<window seconds>`). On a refusal, Remaining is 0 and Reset equals
 * `Retry-After`: the seconds until a request is accepted again.
 */
function rateLimitHeaders(limit: number, windowSeconds: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(Math.max(0, remaining)),
    'ratelimit-reset': String(Math.max(0, resetSeconds)),
    'ratelimit-policy': `${limit};w=${windowSeconds}`,
  };
}

/**
 * @nestjs/throttler's guard with the IETF fields instead of its `X-RateLimit-*-<name>` ones, and a refusal
 * that is our `COMMON.TOO_MANY_REQUESTS` carrying the real wait (the error filter writes `Retry-After` from it),
 * not the fixed minute the library's exception was mapped to.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = request;
    const { req, res } = this.getRequestResponse(context) as { req: Record<string, unknown>; res: FastifyReply };
    const key = generateKey(context, await getTracker(req, context), throttler.name!);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, throttler.name!);
    const windowSeconds = Math.ceil(ttl / 1000);
    if (record.isBlocked) {
      void res.headers(rateLimitHeaders(limit, windowSeconds, 0, record.timeToBlockExpire));
      throw new DomainError(CommonErrors.TOO_MANY_REQUESTS, { retryAfter: record.timeToBlockExpire });
    }
    void res.headers(rateLimitHeaders(limit, windowSeconds, limit - record.totalHits, record.timeToExpire));
    return true;
  }
}

/**
 * Rate limit for routes attackers like (login, sign-up, reset, token): per client IP and route, at
 * THROTTLE_SENSITIVE_PER_MINUTE. Other routes are not throttled here (a reverse proxy does that).
 */
export const SensitiveRoute = (): MethodDecorator & ClassDecorator => UseGuards(RateLimitGuard);
