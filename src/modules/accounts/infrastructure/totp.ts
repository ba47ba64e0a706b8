import { Injectable, Logger } from '@nestjs/common';
import { authenticator } from 'otplib';
import { AppConfig } from '../../../config/config';
import { SecretBox } from '../../../shared/crypto/secret-box';

const STEP_SECONDS = 30;

/**
 * Authenticator-app codes (RFC 6238, 6 digits, 30 s, one step of clock drift accepted). Secrets are
 * stored encrypted (AES-256-GCM, key derived from JWT_SECRET with HKDF) so a database dump alone does
 * not yield second factors. A step is accepted once: the caller stores the last accepted step.
 */
@Injectable()
export class TotpService {
  private readonly logger = new Logger(TotpService.name);
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.jwt.secret, 'totp-secret-encryption');
  }

  newSecret(): string {
    return authenticator.generateSecret(20);
  }

  otpauthUrl(secret: string, account: string): string {
    return authenticator.keyuri(account, 'Liasse', secret);
  }

  /** Returns the matched time step, or undefined. Refuses steps at or before `lastStep` (replay). */
  verify(secret: string, code: string, now: Date, lastStep?: bigint): bigint | undefined {
    if (!/^\d{6}$/.test(code)) return undefined;
    const current = Math.floor(now.getTime() / 1000 / STEP_SECONDS);
    for (const step of [current, current - 1, current + 1]) {
      if (lastStep !== undefined && BigInt(step) <= lastStep) continue;
      const expected = authenticator.clone({ epoch: step * STEP_SECONDS * 1000 }).generate(secret);
      if (expected === code) return BigInt(step);
    }
    return undefined;
  }

  /** For tests and tools: the code an app would show at `now`. */
  codeAt(secret: string, now: Date): string {
    return authenticator.clone({ epoch: now.getTime() }).generate(secret);
  }

  encrypt(secret: string): string {
    return this.box.encrypt(secret);
  }

  /**
   * Returns undefined when the secret was encrypted under another key (JWT_SECRET was rotated): the
   * user must then sign in by e-mail code and re-enrol, which is safer than failing the request.
   */
  decrypt(stored: string): string | undefined {
    const secret = this.box.decrypt(stored);
    if (secret === undefined) this.logger.error('A stored authenticator secret cannot be decrypted with the current key (was JWT_SECRET rotated?)');
    return secret;
  }
}
