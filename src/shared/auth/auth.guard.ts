import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import passport from 'passport';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { Actor } from './actor';
import { isDatabaseDown } from '../http/to-domain-error';
import { IS_PUBLIC, REQUIRES_ADMIN } from './decorators';
import { CLIENT_TOKEN_TYPE, USER_TOKEN_TYPE } from './token-types';

/** Passport strategies tried in order; each context that issues tokens registers its own. */
export const AUTH_STRATEGIES = ['user-jwt', 'client-credentials'];

/**
 * The one strategy that can accept a bearer token of each `typ`. Each strategy refuses a token of the
 * other type (after verifying it), so trying only this one decides exactly as trying them all in order,
 * without paying a failed verification, and its exception, on every ERP call. A token whose header
 * names no known type goes through every strategy, as before.
 */
const STRATEGY_OF_TOKEN_TYPE: Readonly<Record<string, string>> = { [USER_TOKEN_TYPE]: 'user-jwt', [CLIENT_TOKEN_TYPE]: 'client-credentials' };

/** Decoded JWT header segments → strategy ('' = unknown type), a handful in practice (one per issuer and type). */
const strategyOfHeader = new Map<string, string>();
const MAX_HEADERS = 64;

/** The strategies to try for this `Authorization` header: the token type's own, or all of them. */
export function strategiesFor(authorization: unknown): string[] {
  if (typeof authorization !== 'string') return AUTH_STRATEGIES;
  const match = /^Bearer\s+([A-Za-z0-9_-]{1,512})\./i.exec(authorization);
  if (!match) return AUTH_STRATEGIES;
  const segment = match[1]!;
  let strategy = strategyOfHeader.get(segment);
  if (strategy === undefined) {
    let typ: unknown;
    try {
      typ = (JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as { typ?: unknown } | null)?.typ;
    } catch {
      typ = undefined;
    }
    strategy = typeof typ === 'string' && Object.hasOwn(STRATEGY_OF_TOKEN_TYPE, typ) ? STRATEGY_OF_TOKEN_TYPE[typ]! : '';
    if (strategyOfHeader.size >= MAX_HEADERS) strategyOfHeader.clear();
    strategyOfHeader.set(segment, strategy);
  }
  return strategy ? [strategy] : AUTH_STRATEGIES;
}

/**
 * The actor this guard authenticated on a request, under a key only this module holds: routes that take
 * a large body are authenticated before it is read (bootstrap's pre-parse hook), and the guard then
 * reuses that result for the same request instead of checking the credentials a second time.
 */
const AUTHENTICATED = Symbol('liasse.authenticated');

type AuthRequest = { user?: Actor; [AUTHENTICATED]?: Actor };

/** Global guard: every route needs a valid token unless marked @Public(). */
@Injectable()
export class GlobalAuthGuard extends AuthGuard(AUTH_STRATEGIES) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const actor = request[AUTHENTICATED] ?? (await this.authenticate(context, request));
    if (!actor) throw new DomainError(CommonErrors.UNAUTHENTICATED);
    if (this.reflector.getAllAndOverride<boolean>(REQUIRES_ADMIN, targets) && !(actor.kind === 'user' && actor.isAdmin)) {
      throw new DomainError(CommonErrors.FORBIDDEN);
    }
    return true;
  }

  /** What `AuthGuard.canActivate` does, with the strategies chosen per request (`strategiesFor`). */
  private async authenticate(context: ExecutionContext, request: AuthRequest): Promise<Actor | undefined> {
    const response = context.switchToHttp().getResponse<unknown>();
    const strategies = strategiesFor((request as { headers?: Record<string, unknown> }).headers?.authorization);
    const actor = await new Promise<Actor | undefined>((resolve, reject) =>
      passport.authenticate(strategies, { session: false }, (err: unknown, user: Actor | false) => {
        try {
          resolve(this.handleRequest(err, user) || undefined);
        } catch (error) {
          reject(error);
        }
      })(request, response, (err: unknown) => (err ? reject(err) : resolve(undefined))),
    );
    request.user = actor;
    if (actor) request[AUTHENTICATED] = actor;
    return actor;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    // A session or account lookup that failed because PostgreSQL is down is no bad token: answered 503
    // by the error filter, so that a client keeps its token and retries.
    if (isDatabaseDown(err)) throw err;
    if (err || !user) throw new DomainError(CommonErrors.UNAUTHENTICATED);
    return user;
  }
}
