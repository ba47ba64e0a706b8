import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, UserActor } from './actor';
import { DomainError } from '../domain/domain-error';
import { CommonErrors } from '../domain/common.errors';

export const IS_PUBLIC = 'liasse:public';
/** Marks the operation of a @Public() route in the OpenAPI document (the builder turns it into `security: []`). */
export const PUBLIC_OPERATION_EXTENSION = 'x-liasse-public';
/**
 * Opens a route to anonymous callers; everything else requires authentication. The OpenAPI document says
 * `security: []` for it (the builder reads this extension, see shared/http/swagger.ts).
 */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

export const REQUIRES_ADMIN = 'liasse:admin';
/** Platform administrators only (support): checked by the global guard after authentication. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(REQUIRES_ADMIN, true);

type RequestWithActor = FastifyRequest & { user?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().user;
  if (!actor) throw new DomainError(CommonErrors.UNAUTHENTICATED);
  return actor;
});

/** For routes only a person may use (my account, MFA enrolment…). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserActor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().user;
  if (!actor) throw new DomainError(CommonErrors.UNAUTHENTICATED);
  if (actor.kind !== 'user') throw new DomainError(CommonErrors.FORBIDDEN);
  return actor;
});
