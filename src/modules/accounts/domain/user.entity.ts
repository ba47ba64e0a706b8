import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export enum UserStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  DEACTIVATED = 'DEACTIVATED',
}

export enum MfaMethod {
  EMAIL = 'EMAIL',
  TOTP = 'TOTP',
}

export interface PostalAddress {
  line1: string;
  line2?: string;
  line3?: string;
  postalCode: string;
  city: string;
  country: string;
}

/** A natural person, identified by the login e-mail (one person, one account). */
@Entity({ tableName: 'account_user' })
@Index({ properties: ['status', 'createdAt'] })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Lower-cased; unique. */
  @Unique()
  @Property({ type: 'string', length: 254 })
  loginEmail: string;

  /**
   * The address notices go to: always a verified one, the login address (verified by activation) or an
   * address confirmed from the link e-mailed to it. A new address waits in `pendingContactEmail`.
   */
  @Property({ type: 'string', length: 254 })
  contactEmail: string;

  /** A contact address asked for but not confirmed yet: it receives the confirmation link and nothing else. */
  @Property({ type: 'string', length: 254, nullable: true })
  pendingContactEmail?: string;

  @Property({ type: 'string', length: 100 })
  firstName: string;

  @Property({ type: 'string', length: 100 })
  lastName: string;

  @Property({ type: 'string', length: 30, nullable: true })
  phone?: string;

  @Property({ type: 'string', length: 30, nullable: true })
  mobilePhone?: string;

  @Property({ type: 'json', nullable: true })
  postalAddress?: PostalAddress;

  @Enum({ items: () => UserStatus, nativeEnumName: 'user_status' })
  status: UserStatus = UserStatus.PENDING;

  @Property({ type: 'string', length: 200, nullable: true, hidden: true })
  passwordHash?: string;

  @Property({ type: 'string', length: 200, nullable: true })
  secretQuestion?: string;

  @Property({ type: 'string', length: 200, nullable: true, hidden: true })
  secretAnswerHash?: string;

  @Property({ type: 'datetime' })
  termsAcceptedAt: Date;

  @Property({ type: 'boolean' })
  surveyConsent: boolean = false;

  @Property({ type: 'boolean' })
  isAdmin: boolean = false;

  @Enum({ items: () => MfaMethod, nativeEnumName: 'mfa_method' })
  mfaMethod: MfaMethod = MfaMethod.EMAIL;

  /** Encrypted at rest (see TotpSecrets). */
  @Property({ type: 'string', length: 200, nullable: true, hidden: true })
  totpSecret?: string;

  @Property({ type: 'string', length: 200, nullable: true, hidden: true })
  totpPendingSecret?: string;

  /** Last accepted TOTP time step: a code is never accepted twice. */
  @Property({ type: 'bigint', nullable: true })
  totpLastStep?: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', nullable: true })
  activatedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  deactivatedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  reactivationRequestedAt?: Date;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  constructor(props: {
    loginEmail: string;
    /** The contact address asked for: in use at once only if it is the login address, else pending. */
    contactEmail?: string;
    firstName: string;
    lastName: string;
    phone?: string;
    mobilePhone?: string;
    postalAddress?: PostalAddress;
    surveyConsent: boolean;
    now: Date;
  }) {
    this.loginEmail = props.loginEmail;
    this.contactEmail = props.loginEmail;
    if (props.contactEmail) this.requestContactEmail(props.contactEmail);
    this.firstName = props.firstName;
    this.lastName = props.lastName;
    this.phone = props.phone;
    this.mobilePhone = props.mobilePhone;
    this.postalAddress = props.postalAddress;
    this.surveyConsent = props.surveyConsent;
    this.termsAcceptedAt = props.now;
    this.createdAt = props.now;
  }

  get displayName(): string {
    return `${this.firstName} ${this.lastName}`;
  }

  /**
   * Asks for a contact address. The address in use or the one already pending: nothing changes (a form
   * sent again must not re-send links). The login address (verified by activation): used at once, and
   * cancels a pending request. Any other: waits in `pendingContactEmail`, unused, until confirmed from
   * the link e-mailed to it.
   */
  requestContactEmail(address: string): ContactEmailRequest {
    const next = normaliseEmail(address);
    if (next === this.contactEmail || next === this.pendingContactEmail) return { kind: 'UNCHANGED' };
    if (next === this.loginEmail) {
      const oldEmail = this.contactEmail;
      this.contactEmail = next;
      this.pendingContactEmail = undefined;
      return { kind: 'CHANGED', oldEmail, newEmail: next };
    }
    this.pendingContactEmail = next;
    return { kind: 'PENDING', newEmail: next };
  }

  /** The pending contact address, proven by its link, becomes the one in use. `address`: the one the link was sent to. */
  confirmContactEmail(address: string): { oldEmail: string; newEmail: string } | null {
    if (!this.pendingContactEmail || this.pendingContactEmail !== address) return null;
    const oldEmail = this.contactEmail;
    this.contactEmail = this.pendingContactEmail;
    this.pendingContactEmail = undefined;
    return { oldEmail, newEmail: this.contactEmail };
  }
}

export type ContactEmailRequest =
  | { kind: 'UNCHANGED' }
  | { kind: 'CHANGED'; oldEmail: string; newEmail: string }
  | { kind: 'PENDING'; newEmail: string };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
