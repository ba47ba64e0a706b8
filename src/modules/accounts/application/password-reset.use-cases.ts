import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { LinkPurpose } from '../domain/one-time-link.entity';
import { assertPasswordAcceptable } from '../domain/password-policy';
import { normaliseEmail, User, UserStatus } from '../domain/user.entity';
import { normaliseSecretAnswer, PasswordHasher } from '../infrastructure/password-hasher';
import { CaptchaService } from './captcha.service';
import { OneTimeLinks } from './one-time-links.service';
import { Sessions } from './sessions.service';

export const PASSWORD_RESET_TTL_MINUTES = 60;

/** Forgotten password, step 1: always 202; an active account gets a reset link by e-mail (worker). */
@Injectable()
export class RequestPasswordReset {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly captcha: CaptchaService,
  ) {}

  async execute(email: string, captchaId?: string, captchaAnswer?: string): Promise<void> {
    await this.captcha.verify(captchaId, captchaAnswer);
    await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { loginEmail: normaliseEmail(email), status: UserStatus.ACTIVE });
      if (user) this.outbox.record(em, 'accounts.password-reset-requested', { userId: user.id });
    });
  }
}

/** Step 2: the link shows the secret question, only to whoever holds the mailbox. */
@Injectable()
export class GetPasswordResetQuestion {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
  ) {}

  async execute(token: string): Promise<{ secretQuestion: string }> {
    return this.em.transactional(async (em) => {
      const { user } = await this.links.resolve(em, token, LinkPurpose.PASSWORD_RESET);
      if (user.status !== UserStatus.ACTIVE || !user.secretQuestion) throw new DomainError(AccountsErrors.LINK_INVALID, {}, 'token');
      return { secretQuestion: user.secretQuestion };
    });
  }
}

export interface CompletePasswordResetInput {
  token: string;
  secretAnswer: string;
  password: string;
  passwordConfirmation: string;
}

/** Step 3: right answer + acceptable password → new password, every session closed, lockout cleared. */
@Injectable()
export class CompletePasswordReset {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(input: CompletePasswordResetInput): Promise<void> {
    if (input.password !== input.passwordConfirmation) {
      throw new DomainError(AccountsErrors.PASSWORD_MISMATCH, {}, 'passwordConfirmation');
    }
    const newHash = await this.hasher.hash(input.password);
    const wrongAnswer = await this.em.transactional(async (em) => {
      const { link, user } = await this.links.resolve(em, input.token, LinkPurpose.PASSWORD_RESET);
      if (user.status !== UserStatus.ACTIVE) throw new DomainError(AccountsErrors.LINK_INVALID, {}, 'token');
      if (!(await this.hasher.verify(user.secretAnswerHash, normaliseSecretAnswer(input.secretAnswer)))) {
        link.failedAttempts++;
        return true;
      }
      assertPasswordAcceptable(input.password, user);
      link.usedAt = this.clock.now();
      // The new hash also kills every other outstanding link of this user (OneTimeLink.passwordStamp).
      user.passwordHash = newHash;
      await this.sessions.revokeAll(em, user.id, 'PASSWORD_RESET');
      await em.execute('delete from account_login_throttle where email = ?', [user.loginEmail]);
      // Whoever typed wrong second-factor codes no longer has the password: the owner may sign in again.
      await em.execute('delete from account_mfa_throttle where user_id = ?', [user.id]);
      this.outbox.record(em, 'accounts.password-changed', { userId: user.id }, { kind: 'user', id: user.id });
      return false;
    });
    // Committed first: five wrong answers kill the link.
    if (wrongAnswer) throw new DomainError(AccountsErrors.SECRET_ANSWER_INVALID, {}, 'secretAnswer');
  }
}
