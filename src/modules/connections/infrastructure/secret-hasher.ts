import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** OWASP (2024) argon2id, as for user passwords: 19 MiB, 2 iterations, 1 lane (algorithm 2 = argon2id). */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class SecretHasher {
  private decoy?: Promise<string>;

  hash(secret: string): Promise<string> {
    return hash(secret, OPTIONS);
  }

  /** Verifies against a decoy when there is no hash, so an unknown login costs the same time. */
  async verify(hashed: string | undefined, secret: string): Promise<boolean> {
    if (!hashed) {
      this.decoy ??= hash('decoy-technical-account-password', OPTIONS);
      await verify(await this.decoy, secret).catch(() => false);
      return false;
    }
    return verify(hashed, secret).catch(() => false);
  }
}
