import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { EventActor } from '../../../shared/events/domain-event';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { normaliseEmail, User, UserStatus } from '../domain/user.entity';
import { PasswordHasher } from '../infrastructure/password-hasher';
import { CaptchaService } from './captcha.service';
import { Sessions } from './sessions.service';
import { ReauthenticationLimits } from './reauthentication-limits.service';

function eventActor(actor: Actor): EventActor {
  return actor.kind === 'user' ? { kind: 'user', id: actor.userId } : { kind: 'technical-account', id: actor.technicalAccountId };
}

/** Deactivation by the user (who confirms with the password) or by an administrator; sessions end at once. */
@Injectable()
export class DeactivateAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: Sessions,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly limits: ReauthenticationLimits,
  ) {}

  /** Wrong passwords count as failed sign-ins (`ReauthenticationLimits`). */
  async byUser(actor: UserActor, password: string): Promise<void> {
    const user = await this.em.findOneOrFail(User, { id: actor.userId });
    await this.limits.assertOpen(user, 'password');
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      throw await this.limits.failed(user, 'password', new DomainError(AccountsErrors.CURRENT_PASSWORD_INVALID, {}, 'password'));
    }
    await this.deactivate(actor.userId, actor, false);
  }

  async byAdministrator(actor: UserActor, userId: string): Promise<void> {
    await this.deactivate(userId, actor, true);
  }

  private async deactivate(userId: string, actor: Actor, byAdministrator: boolean): Promise<void> {
    await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new DomainError(AccountsErrors.USER_NOT_FOUND);
      if (user.status !== UserStatus.ACTIVE) throw new DomainError(AccountsErrors.USER_STATUS_CONFLICT, { status: user.status });
      user.status = UserStatus.DEACTIVATED;
      user.deactivatedAt = this.clock.now();
      user.reactivationRequestedAt = undefined;
      await this.sessions.revokeAll(em, user.id, 'DEACTIVATED');
      this.outbox.record(em, 'accounts.user-deactivated', { userId: user.id, byAdministrator }, eventActor(actor));
    });
  }
}

/** A deactivated user asks to come back (public form); the platform support sees the request. */
@Injectable()
export class RequestReactivation {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly captcha: CaptchaService,
  ) {}

  async execute(loginEmail: string, captchaId?: string, captchaAnswer?: string): Promise<void> {
    await this.captcha.verify(captchaId, captchaAnswer);
    await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { loginEmail: normaliseEmail(loginEmail), status: UserStatus.DEACTIVATED });
      if (!user || user.reactivationRequestedAt) return;
      user.reactivationRequestedAt = this.clock.now();
      this.outbox.record(em, 'accounts.reactivation-requested', { userId: user.id });
    });
  }
}

/** Platform administrators reactivate a deactivated account. */
@Injectable()
export class ReactivateAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: UserActor, userId: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { id: userId });
      if (!user) throw new DomainError(AccountsErrors.USER_NOT_FOUND);
      if (user.status !== UserStatus.DEACTIVATED) throw new DomainError(AccountsErrors.USER_STATUS_CONFLICT, { status: user.status });
      user.status = UserStatus.ACTIVE;
      user.deactivatedAt = undefined;
      user.reactivationRequestedAt = undefined;
      this.outbox.record(em, 'accounts.user-reactivated', { userId: user.id }, eventActor(actor));
    });
  }
}

export interface AdminUserView {
  id: string;
  loginEmail: string;
  firstName: string;
  lastName: string;
  status: UserStatus;
  isAdmin: boolean;
  createdAt: string;
  deactivatedAt: string | null;
  reactivationRequestedAt: string | null;
}

/** Administrators' user search (support desk). */
@Injectable()
export class SearchUsers {
  constructor(private readonly em: EntityManager) {}

  async execute(query: { q?: string; status?: UserStatus; reactivationRequested?: boolean; limit: number; offset: number }): Promise<{ items: AdminUserView[]; total: number }> {
    const where: Record<string, unknown> = {};
    if (query.q) {
      const like = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      where.$or = [{ loginEmail: { $ilike: like } }, { lastName: { $ilike: like } }, { firstName: { $ilike: like } }];
    }
    if (query.status) where.status = query.status;
    if (query.reactivationRequested) where.reactivationRequestedAt = { $ne: null };
    const [users, total] = await this.em.findAndCount(User, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: query.limit, offset: query.offset });
    return {
      total,
      items: users.map((u) => ({
        id: u.id,
        loginEmail: u.loginEmail,
        firstName: u.firstName,
        lastName: u.lastName,
        status: u.status,
        isAdmin: u.isAdmin,
        createdAt: u.createdAt.toISOString(),
        deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
        reactivationRequestedAt: u.reactivationRequestedAt?.toISOString() ?? null,
      })),
    };
  }
}
