import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { normaliseEmail, PostalAddress, User, UserStatus } from '../domain/user.entity';
import { CaptchaService } from './captcha.service';

export interface SignUpInput {
  loginEmail: string;
  loginEmailConfirmation: string;
  firstName: string;
  lastName: string;
  phone?: string;
  contactEmail?: string;
  acceptTerms: boolean;
  surveyConsent?: boolean;
  postalAddress?: PostalAddress;
  captchaId?: string;
  captchaAnswer?: string;
}

/**
 * Creates a pending account; the activation link is minted and e-mailed by a worker. The caller gets
 * the same answer whether the address was free or not: a registered address receives a notice (or, if
 * still pending, a fresh activation link) instead of a second account.
 */
@Injectable()
export class SignUp {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly captcha: CaptchaService,
  ) {}

  async execute(input: SignUpInput): Promise<void> {
    const loginEmail = normaliseEmail(input.loginEmail);
    if (loginEmail !== normaliseEmail(input.loginEmailConfirmation)) {
      throw new DomainError(AccountsErrors.EMAIL_CONFIRMATION_MISMATCH, {}, 'loginEmailConfirmation');
    }
    if (input.acceptTerms !== true) throw new DomainError(AccountsErrors.TERMS_NOT_ACCEPTED, {}, 'acceptTerms');
    await this.captcha.verify(input.captchaId, input.captchaAnswer);

    try {
      await this.em.transactional(async (em) => {
        const existing = await em.findOne(User, { loginEmail });
        if (existing) {
          this.outbox.record(
            em,
            existing.status === UserStatus.PENDING ? 'accounts.activation-link-requested' : 'accounts.sign-up-repeated',
            { userId: existing.id },
          );
          return;
        }
        const user = new User({
          loginEmail,
          // A distinct contact address waits, unused, until confirmed (its link is sent once the account is activated).
          contactEmail: input.contactEmail,
          firstName: input.firstName.trim(),
          lastName: input.lastName.trim(),
          phone: input.phone?.trim(),
          postalAddress: input.postalAddress,
          surveyConsent: input.surveyConsent === true,
          now: this.clock.now(),
        });
        em.persist(user);
        this.outbox.record(em, 'accounts.user-registered', { userId: user.id });
      });
    } catch (error) {
      // A concurrent sign-up with the same address won the race: same answer as for a known address.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
}
