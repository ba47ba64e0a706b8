import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { Clock } from '../../../shared/time/clock';
import { AccountsErrors } from '../domain/accounts.errors';
import { assertPasswordAcceptable } from '../domain/password-policy';
import { LinkPurpose } from '../domain/one-time-link.entity';
import { ContactEmailRequest, MfaMethod, User, UserStatus } from '../domain/user.entity';
import { OneTimeLinks } from './one-time-links.service';
import { PasswordHasher } from '../infrastructure/password-hasher';
import { Sessions } from './sessions.service';
import { ReauthenticationLimits } from './reauthentication-limits.service';
import { SessionCache } from '../infrastructure/session-cache';

export interface MyAccountView {
  id: string;
  loginEmail: string;
  /** The address notices go to: always verified (the login address, or a contact address confirmed from its link). */
  contactEmail: string;
  /** A contact address asked for and not confirmed yet (null when none): it receives nothing but its confirmation link. */
  pendingContactEmail: string | null;
  firstName: string;
  lastName: string;
  phone: string | null;
  mobilePhone: string | null;
  status: UserStatus;
  mfaMethod: MfaMethod;
  isAdmin: boolean;
  surveyConsent: boolean;
  createdAt: string;
  activatedAt: string | null;
  /** False on first login: the user should create a structure or ask to be attached to one. */
  hasMemberships: boolean;
}

export function toMyAccountView(user: User, hasMemberships: boolean): MyAccountView {
  return {
    id: user.id,
    loginEmail: user.loginEmail,
    contactEmail: user.contactEmail,
    pendingContactEmail: user.pendingContactEmail ?? null,
    firstName: user.firstName,
    lastName: user.lastName,
    phone: user.phone ?? null,
    mobilePhone: user.mobilePhone ?? null,
    status: user.status,
    mfaMethod: user.mfaMethod,
    isAdmin: user.isAdmin,
    surveyConsent: user.surveyConsent,
    createdAt: user.createdAt.toISOString(),
    activatedAt: user.activatedAt?.toISOString() ?? null,
    hasMemberships,
  };
}

@Injectable()
export class GetMyAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly memberships: MembershipRegistry,
  ) {}

  async execute(actor: UserActor): Promise<MyAccountView> {
    const user = await this.em.findOne(User, { id: actor.userId });
    if (!user) throw new DomainError(AccountsErrors.USER_NOT_FOUND);
    return toMyAccountView(user, await this.memberships.hasAnyMembership(user.id));
  }
}

export interface UpdateMyAccountInput {
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  mobilePhone?: string | null;
  contactEmail?: string;
  surveyConsent?: boolean;
}

/**
 * Edits my names, phones and contact address. A new contact address is not used until confirmed: the
 * worker e-mails it a link, and tells the address in use that a change was asked for.
 */
@Injectable()
export class UpdateMyAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly memberships: MembershipRegistry,
  ) {}

  async execute(actor: UserActor, input: UpdateMyAccountInput): Promise<MyAccountView> {
    const hasMemberships = await this.memberships.hasAnyMembership(actor.userId);
    return this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, { id: actor.userId });
      if (input.firstName !== undefined) user.firstName = input.firstName.trim();
      if (input.lastName !== undefined) user.lastName = input.lastName.trim();
      if (input.phone !== undefined) user.phone = input.phone?.trim() || undefined;
      if (input.mobilePhone !== undefined) user.mobilePhone = input.mobilePhone?.trim() || undefined;
      if (input.surveyConsent !== undefined) user.surveyConsent = input.surveyConsent;
      if (input.contactEmail !== undefined) recordContactEmailRequest(em, this.outbox, user, user.requestContactEmail(input.contactEmail));
      return toMyAccountView(user, hasMemberships);
    });
  }
}

/** The events a contact address request leads to (see User.requestContactEmail). */
export function recordContactEmailRequest(em: EntityManager, outbox: Outbox, user: User, request: ContactEmailRequest): void {
  if (request.kind === 'PENDING') {
    outbox.record(em, 'accounts.contact-email-change-requested', { userId: user.id, newEmail: request.newEmail }, { kind: 'user', id: user.id });
  } else if (request.kind === 'CHANGED') {
    outbox.record(em, 'accounts.contact-email-changed', { userId: user.id, oldEmail: request.oldEmail, newEmail: request.newEmail }, { kind: 'user', id: user.id });
  }
}

/** Sends a new confirmation link to the pending contact address (the first expired or was lost). */
@Injectable()
export class RequestContactEmailConfirmation {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: UserActor): Promise<void> {
    await this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, { id: actor.userId });
      if (!user.pendingContactEmail) throw new DomainError(AccountsErrors.CONTACT_EMAIL_NOT_PENDING, {}, 'contactEmail');
      this.outbox.record(em, 'accounts.contact-email-confirmation-requested', { userId: user.id, newEmail: user.pendingContactEmail }, { kind: 'user', id: user.id });
    });
  }
}

/**
 * Confirms a contact address from the link e-mailed to it: the token proves the mailbox, so the route is
 * public. The link is bound to the address it was sent to; asking for another address since, or going
 * back to a verified one, makes it useless. Expired, used and unknown links look alike (LINK_INVALID).
 */
@Injectable()
export class ConfirmContactEmail {
  constructor(
    private readonly em: EntityManager,
    private readonly links: OneTimeLinks,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(token: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const { link, user } = await this.links.resolve(em, token, LinkPurpose.CONTACT_EMAIL);
      const change = user.status === UserStatus.ACTIVE && link.address ? user.confirmContactEmail(link.address) : null;
      if (!change) throw new DomainError(AccountsErrors.LINK_INVALID, {}, 'token');
      link.usedAt = this.clock.now();
      this.outbox.record(em, 'accounts.contact-email-changed', { userId: user.id, ...change }, { kind: 'user', id: user.id });
    });
  }
}

@Injectable()
export class ChangeMyPassword {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly outbox: Outbox,
    private readonly limits: ReauthenticationLimits,
  ) {}

  /** Closes every other session: whoever knew the old password is signed out. Wrong current passwords count as failed sign-ins. */
  async execute(actor: UserActor, input: { currentPassword: string; password: string; passwordConfirmation: string }): Promise<void> {
    if (input.password !== input.passwordConfirmation) {
      throw new DomainError(AccountsErrors.PASSWORD_MISMATCH, {}, 'passwordConfirmation');
    }
    const user = await this.em.findOneOrFail(User, { id: actor.userId });
    await this.limits.assertOpen(user, 'password');
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw await this.limits.failed(user, 'password', new DomainError(AccountsErrors.CURRENT_PASSWORD_INVALID, {}, 'currentPassword'));
    }
    assertPasswordAcceptable(input.password, user);
    const hash = await this.hasher.hash(input.password);
    await this.em.transactional(async (em) => {
      const fresh = await em.findOneOrFail(User, { id: actor.userId });
      fresh.passwordHash = hash;
      await em.nativeUpdate(
        'Session',
        { userId: user.id, revokedAt: null, id: { $ne: actor.sessionId } },
        { revokedAt: new Date(), revokedReason: 'PASSWORD_CHANGED' },
      );
      this.outbox.record(em, 'accounts.password-changed', { userId: user.id }, { kind: 'user', id: user.id });
    });
  }
}

@Injectable()
export class LogOut {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly sessions: SessionCache,
  ) {}

  async execute(actor: UserActor): Promise<void> {
    await this.em.nativeUpdate('Session', { id: actor.sessionId, revokedAt: null }, { revokedAt: this.clock.now(), revokedReason: 'LOGOUT' });
    this.sessions.forget(actor.sessionId);
  }
}

