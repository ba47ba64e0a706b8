import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { randomToken } from '../../../shared/crypto/tokens';
import { SecretBox } from '../../../shared/crypto/secret-box';

/** Signing secrets: shown once to the subscriber, stored encrypted (they must be read back to sign). */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.jwt.secret, 'webhook-signing-secret');
  }

  /** A new secret: the plain text for the subscriber, the sealed form for the row. */
  mint(): { plain: string; sealed: string } {
    const plain = `whsec_${randomToken(32)}`;
    return { plain, sealed: this.box.encrypt(plain) };
  }

  open(sealed: string): string | undefined {
    return this.box.decrypt(sealed);
  }
}
