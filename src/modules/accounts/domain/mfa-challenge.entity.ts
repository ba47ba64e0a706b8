import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { MfaMethod } from './user.entity';

export const MFA_CHALLENGE_TTL_MS = 10 * 60_000;
export const MFA_MAX_ATTEMPTS = 5;

/** The step between a correct password and a session: proves the second factor. */
@Entity({ tableName: 'account_mfa_challenge' })
export class MfaChallenge {
  /** 256-bit random id: knowing it is part of proving you just typed the password. */
  @PrimaryKey({ type: 'string', length: 64 })
  id: string;

  @Property({ type: 'uuid', index: true })
  userId: string;

  @Enum({ items: () => MfaMethod, nativeEnumName: 'mfa_method' })
  method: MfaMethod;

  /** E-mailed code's hash, set by the worker that mints and sends it. */
  @Property({ type: 'string', length: 64, nullable: true })
  codeHash?: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', nullable: true })
  consumedAt?: Date;

  constructor(id: string, userId: string, method: MfaMethod, now: Date) {
    this.id = id;
    this.userId = userId;
    this.method = method;
    this.createdAt = now;
    this.expiresAt = new Date(now.getTime() + MFA_CHALLENGE_TTL_MS);
  }

  isOpen(now: Date): boolean {
    return !this.consumedAt && this.expiresAt.getTime() > now.getTime() && this.attempts < MFA_MAX_ATTEMPTS;
  }
}
