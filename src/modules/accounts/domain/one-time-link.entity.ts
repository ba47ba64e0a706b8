import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { sha256 } from '../../../shared/crypto/tokens';
import { uuidv7 } from '../../../shared/domain/ids';

export enum LinkPurpose {
  ACTIVATION = 'ACTIVATION',
  PASSWORD_RESET = 'PASSWORD_RESET',
  /** Confirms a new contact address: sent to that address, bound to it (`address`). */
  CONTACT_EMAIL = 'CONTACT_EMAIL',
}

/**
 * What a link remembers of the password it was minted under: the SHA-256 of the stored argon2 hash
 * ('' for none: a pending account). Every password change (reset, "change my password", activation,
 * an operator's command, a fix in psql) writes a new salted hash, so the stamp changes and every link
 * minted before dies, whichever code path wrote the password. Also computed by the migration
 * `one_time_link_password_stamp` (`encode(sha256(convert_to(coalesce(password_hash, ''), 'UTF8')), 'hex')`).
 */
export function passwordStamp(passwordHash: string | null | undefined): string {
  return sha256(passwordHash ?? '');
}

/**
 * A single-use link sent by e-mail (activation, password reset, contact address). Only the SHA-256 of its 256-bit token
 * is stored; the token itself exists only in the e-mail. Expiry is a column: the database is the truth.
 * A link is bound to the user's password at minting (`passwordStamp`): a password change kills it.
 */
@Entity({ tableName: 'account_one_time_link' })
@Index({ properties: ['userId', 'purpose'] })
export class OneTimeLink {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  userId: string;

  @Enum({ items: () => LinkPurpose, nativeEnumName: 'link_purpose' })
  purpose: LinkPurpose;

  @Unique()
  @Property({ type: 'string', length: 64 })
  tokenHash: string;

  /** passwordStamp() of the user's password when the link was minted. */
  @Property({ type: 'string', length: 64 })
  passwordStamp: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date;

  /** The address the link was e-mailed to, when the link proves that address (CONTACT_EMAIL). */
  @Property({ type: 'string', length: 254, nullable: true })
  address?: string;

  /** Wrong secret answers given with this link (reset): after 5 the link dies. */
  @Property({ type: 'integer' })
  failedAttempts: number = 0;

  constructor(userId: string, purpose: LinkPurpose, tokenHash: string, passwordStamp: string, createdAt: Date, expiresAt: Date, address?: string) {
    this.address = address;
    this.userId = userId;
    this.purpose = purpose;
    this.tokenHash = tokenHash;
    this.passwordStamp = passwordStamp;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /** Unused, unexpired, fewer than five wrong answers, and the user's password unchanged since minting. */
  isUsable(now: Date, currentPasswordHash: string | null | undefined): boolean {
    return (
      !this.usedAt &&
      this.expiresAt.getTime() > now.getTime() &&
      this.failedAttempts < 5 &&
      this.passwordStamp === passwordStamp(currentPasswordHash)
    );
  }
}
