import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { CommonErrors } from '../domain/common.errors';
import { DomainError } from '../domain/domain-error';
import { Actor } from './actor';
import { isDatabaseDown } from '../http/to-domain-error';
import { IS_PUBLIC, REQUIRES_ADMIN } from './decorators';

/** Passport strategies tried in order; each context that issues tokens registers its own. */
export const AUTH_STRATEGIES = ['user-jwt', 'client-credentials'];

/** Global guard: every route needs a valid token unless marked @Public(). */
@Injectable()
export class GlobalAuthGuard extends AuthGuard(AUTH_STRATEGIES) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (!actor) throw new DomainError(CommonErrors.UNAUTHENTICATED);
    if (this.reflector.getAllAndOverride<boolean>(REQUIRES_ADMIN, targets) && !(actor.kind === 'user' && actor.isAdmin)) {
      throw new DomainError(CommonErrors.FORBIDDEN);
    }
    return true;
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
