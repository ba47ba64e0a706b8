import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor, TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { PisteErrors } from '../domain/piste.errors';

/** /cpro operations act as a technical account (client token + cpro-account header). */
export const PisteActor = createParamDecorator((_: unknown, ctx: ExecutionContext): TechnicalAccountActor => {
  const actor = ctx.switchToHttp().getRequest<{ user?: Actor }>().user;
  if (!actor || actor.kind !== 'technical-account') throw new DomainError(PisteErrors.TECHNICAL_ACCOUNT_REQUIRED);
  return actor;
});
