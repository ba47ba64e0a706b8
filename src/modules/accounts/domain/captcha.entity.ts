import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';

export const CAPTCHA_TTL_MS = 10 * 60_000;

/** A 5-character challenge for public forms: hashed answer, single use, short-lived. */
@Entity({ tableName: 'captcha_challenge' })
export class CaptchaChallenge {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'string', length: 64 })
  answerHash: string;

  @Property({ type: 'datetime', index: true })
  expiresAt: Date;

  constructor(answerHash: string, now: Date) {
    this.answerHash = answerHash;
    this.expiresAt = new Date(now.getTime() + CAPTCHA_TTL_MS);
  }
}
