import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export enum LinkPurpose {
  ACTIVATION = 'ACTIVATION',
  PASSWORD_RESET = 'PASSWORD_RESET',
}

/**
 * A single-use link sent by e-mail (activation, password reset). Only the SHA-256 of its 256-bit token
 * is stored; the token itself exists only in the e-mail. Expiry is a column: the database is the truth.
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

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date;

  /** Wrong secret answers given with this link (reset): after 5 the link dies. */
  @Property({ type: 'integer' })
  failedAttempts: number = 0;

  constructor(userId: string, purpose: LinkPurpose, tokenHash: string, createdAt: Date, expiresAt: Date) {
    this.userId = userId;
    this.purpose = purpose;
    this.tokenHash = tokenHash;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  isUsable(now: Date): boolean {
    return !this.usedAt && this.expiresAt.getTime() > now.getTime() && this.failedAttempts < 5;
  }
}
