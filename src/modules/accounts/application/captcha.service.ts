import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { sha256 } from '../../../shared/crypto/tokens';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { CaptchaChallenge, CAPTCHA_TTL_MS } from '../domain/captcha.entity';
import { CaptchaImages } from '../infrastructure/captcha-images';
import { CaptchaVerifier } from '../contracts/captcha';

export interface IssuedCaptcha {
  id: string;
  image: string;
  expiresIn: number;
  enabled: boolean;
}

/** Issues and checks captchas for the public forms; each challenge can be tried once. */
@Injectable()
export class CaptchaService extends CaptchaVerifier {
  constructor(
    private readonly em: EntityManager,
    private readonly images: CaptchaImages,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async issue(): Promise<IssuedCaptcha> {
    const { text, svg } = this.images.draw();
    const challenge = new CaptchaChallenge(sha256(text.toLowerCase()), this.clock.now());
    await this.em.fork().persistAndFlush(challenge);
    return {
      id: challenge.id,
      image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      expiresIn: CAPTCHA_TTL_MS / 1000,
      enabled: this.config.captchaEnabled,
    };
  }

  /** Consumes the challenge whatever the answer, so it cannot be brute-forced. No-op when disabled. */
  async verify(id: string | undefined, answer: string | undefined): Promise<void> {
    if (!this.config.captchaEnabled) return;
    if (!id || !answer || !/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError(CommonErrors.CAPTCHA_INVALID, {}, 'captchaAnswer');
    const rows = await this.em
      .getConnection()
      .execute<{ answer_hash: string; expires_at: Date }[]>(
        'delete from captcha_challenge where id = ? returning answer_hash, expires_at',
        [id],
      );
    const row = rows[0];
    const valid = row && new Date(row.expires_at).getTime() > this.clock.now().getTime() && row.answer_hash === sha256(answer.trim().toLowerCase());
    if (!valid) throw new DomainError(CommonErrors.CAPTCHA_INVALID, {}, 'captchaAnswer');
  }
}
