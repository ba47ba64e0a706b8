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

  @Property({ type: 'string', length: 254 })
  contactEmail: string;

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
    contactEmail: string;
    firstName: string;
    lastName: string;
    phone?: string;
    mobilePhone?: string;
    postalAddress?: PostalAddress;
    surveyConsent: boolean;
    now: Date;
  }) {
    this.loginEmail = props.loginEmail;
    this.contactEmail = props.contactEmail;
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
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
