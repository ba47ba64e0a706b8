import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { LinkPurpose } from '../domain/one-time-link.entity';
import { assertPasswordAcceptable } from '../domain/password-policy';
import { UserStatus } from '../domain/user.entity';
import { normaliseSecretAnswer, PasswordHasher } from '../infrastructure/password-hasher';
import { OneTimeLinks } from './one-time-links.service';

export interface ActivateAccountInput {
  token: string;
  password: string;
  passwordConfirmation: string;
  secretQuestion: string;
  secretAnswer: string;
}

/** Activation: the link proves the mailbox; the user sets a password and a secret question. */
@Injectable()
export class ActivateAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(input: ActivateAccountInput): Promise<void> {
    if (input.password !== input.passwordConfirmation) {
      throw new DomainError(AccountsErrors.PASSWORD_MISMATCH, {}, 'passwordConfirmation');
    }
    // Hash outside the transaction: argon2 is the slow part and needs no lock.
    const [passwordHash, secretAnswerHash] = await Promise.all([
      this.hasher.hash(input.password),
      this.hasher.hash(normaliseSecretAnswer(input.secretAnswer)),
    ]);
    await this.em.transactional(async (em) => {
      const { link, user } = await this.links.resolve(em, input.token, LinkPurpose.ACTIVATION);
      if (user.status !== UserStatus.PENDING) throw new DomainError(AccountsErrors.LINK_INVALID, {}, 'token');
      assertPasswordAcceptable(input.password, user);
      const now = this.clock.now();
      link.usedAt = now;
      user.passwordHash = passwordHash;
      user.secretQuestion = input.secretQuestion.trim();
      user.secretAnswerHash = secretAnswerHash;
      user.status = UserStatus.ACTIVE;
      user.activatedAt = now;
      this.outbox.record(em, 'accounts.user-activated', { userId: user.id }, { kind: 'user', id: user.id });
      // A contact address given at sign-up stays pending and gets no link here: anyone may fill the sign-up
      // form for any login address (a second sign-up of a pending address only re-sends its activation link),
      // so it may be a stranger's, and its link would let him become this account's contact address once its
      // owner activates. The owner, signed in, sees it in GET /me and asks for its link himself.
    });
  }
}
