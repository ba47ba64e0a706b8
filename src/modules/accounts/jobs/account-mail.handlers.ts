import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { randomDigits, sha256 } from '../../../shared/crypto/tokens';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { Clock, HOUR_MS } from '../../../shared/time/clock';
import { MailSender } from '../../notifications/contracts/mail';
import { PASSWORD_RESET_TTL_MINUTES } from '../application/password-reset.use-cases';
import { OneTimeLinks } from '../application/one-time-links.service';
import { LinkPurpose } from '../domain/one-time-link.entity';
import { MFA_CHALLENGE_TTL_MS, MfaChallenge } from '../domain/mfa-challenge.entity';
import { User, UserStatus } from '../domain/user.entity';

/**
 * Mints a link in its own, committed unit of work (not the handler's transaction, which commits only
 * after the e-mail has left): the link must exist as soon as the e-mail can be read. A link whose
 * e-mail then fails is never seen and simply expires; a retry mints and sends a new one.
 */
async function mintCommitted(em: EntityManager, links: OneTimeLinks, user: User, purpose: LinkPurpose, ttlMs: number, address?: string): Promise<string> {
  const own = em.fork({ disableContextResolution: true });
  const token = links.mint(own, user, purpose, ttlMs, address);
  await own.flush();
  return token;
}

/**
 * Workers that turn accounts events into e-mails. Links and codes are minted here, right before the
 * e-mail that carries them, so no secret ever sits in the outbox or the queue. A minted secret is part
 * of the delivery key: a retry that had to mint a new one sends it rather than skipping.
 */
@Injectable()
export class ActivationMailer {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async send(event: DomainEventEnvelope<'accounts.user-registered' | 'accounts.activation-link-requested'>): Promise<void> {
    const user = await this.em.findOne(User, { id: event.payload.userId });
    if (!user || user.status !== UserStatus.PENDING) return;
    const hours = this.config.activationLinkTtlHours;
    const token = await mintCommitted(this.em, this.links, user, LinkPurpose.ACTIVATION, hours * HOUR_MS);
    await this.mail.send({
      template: 'accounts.activation',
      to: user.loginEmail,
      data: { link: `${this.config.publicUrl}/activation?token=${token}`, expiresInHours: hours },
      idempotencyKey: `${event.id}:activation:${sha256(token).slice(0, 16)}`,
    });
  }
}

@OnDomainEvent('accounts.user-registered', 'accounts.activation-mail-on-sign-up')
@Injectable()
export class SendActivationOnSignUp implements DomainEventHandler<'accounts.user-registered'> {
  constructor(private readonly mailer: ActivationMailer) {}
  handle(event: DomainEventEnvelope<'accounts.user-registered'>): Promise<void> {
    return this.mailer.send(event);
  }
}

@OnDomainEvent('accounts.activation-link-requested', 'accounts.activation-mail-on-request')
@Injectable()
export class SendActivationOnRequest implements DomainEventHandler<'accounts.activation-link-requested'> {
  constructor(private readonly mailer: ActivationMailer) {}
  handle(event: DomainEventEnvelope<'accounts.activation-link-requested'>): Promise<void> {
    return this.mailer.send(event);
  }
}

@OnDomainEvent('accounts.mfa-code-requested', 'accounts.mfa-code-mail')
@Injectable()
export class SendMfaCode implements DomainEventHandler<'accounts.mfa-code-requested'> {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: MailSender,
    private readonly clock: Clock,
  ) {}

  async handle(event: DomainEventEnvelope<'accounts.mfa-code-requested'>): Promise<void> {
    const challenge = await this.em.findOne(MfaChallenge, { id: event.payload.challengeId });
    if (!challenge || !challenge.isOpen(this.clock.now())) return;
    const user = await this.em.findOneOrFail(User, { id: challenge.userId });
    const code = randomDigits(6);
    challenge.codeHash = sha256(code);
    // Committed before the e-mail leaves: the worker's transaction commits only after the handler returns,
    // and a quick user would otherwise type the code before it exists.
    await this.em.fork().nativeUpdate(MfaChallenge, { id: challenge.id }, { codeHash: challenge.codeHash });
    await this.mail.send({
      template: 'accounts.mfa-code',
      to: user.loginEmail,
      data: { firstName: user.firstName, code, expiresInMinutes: MFA_CHALLENGE_TTL_MS / 60_000 },
      idempotencyKey: `${event.id}:mfa:${challenge.codeHash.slice(0, 16)}`,
    });
  }
}

@OnDomainEvent('accounts.password-reset-requested', 'accounts.password-reset-mail')
@Injectable()
export class SendPasswordResetLink implements DomainEventHandler<'accounts.password-reset-requested'> {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventEnvelope<'accounts.password-reset-requested'>): Promise<void> {
    const user = await this.em.findOne(User, { id: event.payload.userId, status: UserStatus.ACTIVE });
    if (!user) return;
    const token = await mintCommitted(this.em, this.links, user, LinkPurpose.PASSWORD_RESET, PASSWORD_RESET_TTL_MINUTES * 60_000);
    await this.mail.send({
      template: 'accounts.password-reset',
      to: user.loginEmail,
      data: { firstName: user.firstName, link: `${this.config.publicUrl}/mot-de-passe-oublie?token=${token}`, expiresInMinutes: PASSWORD_RESET_TTL_MINUTES },
      idempotencyKey: `${event.id}:reset:${sha256(token).slice(0, 16)}`,
    });
  }
}

/** How long a contact address confirmation link is valid. */
export const CONTACT_EMAIL_LINK_TTL_HOURS = 24;

/**
 * The confirmation link of a new contact address, to that address only: bound to it (`address`) and to
 * the user's password. Skipped when the address is no longer the pending one (a later request won).
 */
@Injectable()
export class ContactEmailConfirmationMailer {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
    private readonly mail: MailSender,
    private readonly config: AppConfig,
  ) {}

  async send(event: DomainEventEnvelope<'accounts.contact-email-change-requested' | 'accounts.contact-email-confirmation-requested'>): Promise<void> {
    const { userId, newEmail } = event.payload;
    const user = await this.em.findOne(User, { id: userId, status: UserStatus.ACTIVE });
    if (!user || user.pendingContactEmail !== newEmail) return;
    const token = await mintCommitted(this.em, this.links, user, LinkPurpose.CONTACT_EMAIL, CONTACT_EMAIL_LINK_TTL_HOURS * HOUR_MS, newEmail);
    await this.mail.send({
      template: 'accounts.contact-email-confirmation',
      to: newEmail,
      data: { link: `${this.config.publicUrl}/adresse-de-contact?token=${token}`, expiresInHours: CONTACT_EMAIL_LINK_TTL_HOURS },
      idempotencyKey: `${event.id}:contact-confirmation:${sha256(token).slice(0, 16)}`,
    });
  }
}

@OnDomainEvent('accounts.contact-email-change-requested', 'accounts.contact-email-confirmation-mail')
@Injectable()
export class SendContactEmailConfirmation implements DomainEventHandler<'accounts.contact-email-change-requested'> {
  constructor(private readonly mailer: ContactEmailConfirmationMailer) {}
  handle(event: DomainEventEnvelope<'accounts.contact-email-change-requested'>): Promise<void> {
    return this.mailer.send(event);
  }
}

@OnDomainEvent('accounts.contact-email-confirmation-requested', 'accounts.contact-email-confirmation-mail-on-request')
@Injectable()
export class SendContactEmailConfirmationOnRequest implements DomainEventHandler<'accounts.contact-email-confirmation-requested'> {
  constructor(private readonly mailer: ContactEmailConfirmationMailer) {}
  handle(event: DomainEventEnvelope<'accounts.contact-email-confirmation-requested'>): Promise<void> {
    return this.mailer.send(event);
  }
}

/**
 * Plain notices: nothing minted, one delivery per event and recipient. @Injectable() here is what gives
 * the subclasses (which declare no constructor) their constructor metadata: without it Nest injects nothing.
 */
@Injectable()
abstract class NoticeHandler {
  constructor(
    protected readonly em: EntityManager,
    protected readonly mail: MailSender,
  ) {}

  protected user(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }
}

@OnDomainEvent('accounts.sign-up-repeated', 'accounts.already-registered-notice')
@Injectable()
export class NoticeAlreadyRegistered extends NoticeHandler implements DomainEventHandler<'accounts.sign-up-repeated'> {
  constructor(em: EntityManager, mail: MailSender, private readonly config: AppConfig) {
    super(em, mail);
  }

  async handle(event: DomainEventEnvelope<'accounts.sign-up-repeated'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({
      template: 'accounts.already-registered',
      to: user.loginEmail,
      data: { firstName: user.firstName, loginUrl: `${this.config.publicUrl}/connexion`, resetUrl: `${this.config.publicUrl}/mot-de-passe-oublie` },
      idempotencyKey: `${event.id}:already-registered`,
    });
  }
}

@OnDomainEvent('accounts.user-activated', 'accounts.activated-notice')
@Injectable()
export class NoticeActivated extends NoticeHandler implements DomainEventHandler<'accounts.user-activated'> {
  async handle(event: DomainEventEnvelope<'accounts.user-activated'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({ template: 'accounts.activated', to: user.contactEmail, data: { firstName: user.firstName }, idempotencyKey: `${event.id}:activated` });
  }
}

@OnDomainEvent('accounts.contact-email-changed', 'accounts.contact-email-changed-notice')
@Injectable()
export class NoticeContactEmailChanged extends NoticeHandler implements DomainEventHandler<'accounts.contact-email-changed'> {
  /** Recorded only once both addresses are verified (the new one confirmed, or the login address). */
  async handle(event: DomainEventEnvelope<'accounts.contact-email-changed'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    const { oldEmail, newEmail } = event.payload;
    for (const to of [oldEmail, newEmail]) {
      await this.mail.send({
        template: 'accounts.contact-email-changed',
        to,
        data: { firstName: user.firstName, oldEmail, newEmail },
        idempotencyKey: `${event.id}:contact-changed:${to}`,
      });
    }
  }
}

/** Tells the address in use (verified) that another one was asked for; it keeps receiving mail until then. */
@OnDomainEvent('accounts.contact-email-change-requested', 'accounts.contact-email-change-requested-notice')
@Injectable()
export class NoticeContactEmailChangeRequested extends NoticeHandler implements DomainEventHandler<'accounts.contact-email-change-requested'> {
  async handle(event: DomainEventEnvelope<'accounts.contact-email-change-requested'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user || user.status !== UserStatus.ACTIVE) return;
    await this.mail.send({
      template: 'accounts.contact-email-change-requested',
      to: user.contactEmail,
      data: { firstName: user.firstName, newEmail: event.payload.newEmail },
      idempotencyKey: `${event.id}:contact-change-requested`,
    });
  }
}

@OnDomainEvent('accounts.password-changed', 'accounts.password-changed-notice')
@Injectable()
export class NoticePasswordChanged extends NoticeHandler implements DomainEventHandler<'accounts.password-changed'> {
  async handle(event: DomainEventEnvelope<'accounts.password-changed'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({ template: 'accounts.password-changed', to: user.loginEmail, data: { firstName: user.firstName }, idempotencyKey: `${event.id}:password-changed` });
  }
}

@OnDomainEvent('accounts.authenticator-changed', 'accounts.authenticator-changed-notice')
@Injectable()
export class NoticeAuthenticatorChanged extends NoticeHandler implements DomainEventHandler<'accounts.authenticator-changed'> {
  async handle(event: DomainEventEnvelope<'accounts.authenticator-changed'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({
      template: 'accounts.authenticator-changed',
      to: user.loginEmail,
      data: { firstName: user.firstName, change: event.payload.change },
      idempotencyKey: `${event.id}:authenticator-changed`,
    });
  }
}

@OnDomainEvent('accounts.user-locked', 'accounts.locked-notice')
@Injectable()
export class NoticeLocked extends NoticeHandler implements DomainEventHandler<'accounts.user-locked'> {
  async handle(event: DomainEventEnvelope<'accounts.user-locked'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    const unlockAt = new Date(event.payload.unlockAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });
    await this.mail.send({ template: 'accounts.locked', to: user.loginEmail, data: { firstName: user.firstName, unlockAt }, idempotencyKey: `${event.id}:locked` });
  }
}

@OnDomainEvent('accounts.mfa-locked', 'accounts.mfa-locked-notice')
@Injectable()
export class NoticeMfaLocked extends NoticeHandler implements DomainEventHandler<'accounts.mfa-locked'> {
  async handle(event: DomainEventEnvelope<'accounts.mfa-locked'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    const unlockAt = new Date(event.payload.unlockAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });
    await this.mail.send({ template: 'accounts.mfa-locked', to: user.loginEmail, data: { firstName: user.firstName, unlockAt }, idempotencyKey: `${event.id}:mfa-locked` });
  }
}

@OnDomainEvent('accounts.user-deactivated', 'accounts.deactivated-notice')
@Injectable()
export class NoticeDeactivated extends NoticeHandler implements DomainEventHandler<'accounts.user-deactivated'> {
  async handle(event: DomainEventEnvelope<'accounts.user-deactivated'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({
      template: 'accounts.deactivated',
      to: user.loginEmail,
      data: { firstName: user.firstName, byAdministrator: event.payload.byAdministrator },
      idempotencyKey: `${event.id}:deactivated`,
    });
  }
}

@OnDomainEvent('accounts.reactivation-requested', 'accounts.reactivation-requested-notice')
@Injectable()
export class NoticeReactivationRequested extends NoticeHandler implements DomainEventHandler<'accounts.reactivation-requested'> {
  async handle(event: DomainEventEnvelope<'accounts.reactivation-requested'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({
      template: 'accounts.reactivation-requested',
      to: user.contactEmail,
      data: { firstName: user.firstName, loginEmail: user.loginEmail },
      idempotencyKey: `${event.id}:reactivation-requested`,
    });
  }
}

@OnDomainEvent('accounts.user-reactivated', 'accounts.reactivated-notice')
@Injectable()
export class NoticeReactivated extends NoticeHandler implements DomainEventHandler<'accounts.user-reactivated'> {
  async handle(event: DomainEventEnvelope<'accounts.user-reactivated'>): Promise<void> {
    const user = await this.user(event.payload.userId);
    if (!user) return;
    await this.mail.send({ template: 'accounts.reactivated', to: user.contactEmail, data: { firstName: user.firstName }, idempotencyKey: `${event.id}:reactivated` });
  }
}

export const ACCOUNT_MAIL_HANDLERS = [
  ActivationMailer,
  SendActivationOnSignUp,
  SendActivationOnRequest,
  SendMfaCode,
  SendPasswordResetLink,
  NoticeAlreadyRegistered,
  NoticeActivated,
  ContactEmailConfirmationMailer,
  SendContactEmailConfirmation,
  SendContactEmailConfirmationOnRequest,
  NoticeContactEmailChangeRequested,
  NoticeContactEmailChanged,
  NoticePasswordChanged,
  NoticeAuthenticatorChanged,
  NoticeLocked,
  NoticeMfaLocked,
  NoticeDeactivated,
  NoticeReactivationRequested,
  NoticeReactivated,
];
