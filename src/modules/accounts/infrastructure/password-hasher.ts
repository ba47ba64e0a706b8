import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** OWASP (2024) argon2id: 19 MiB, 2 iterations, 1 lane. Algorithm 2 = argon2id in @node-rs/argon2. */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** A hash of a random string, verified against when the e-mail is unknown so timing does not tell. */
  private decoy?: Promise<string>;

  hash(secret: string): Promise<string> {
    return hash(secret, OPTIONS);
  }

  async verify(hashed: string | undefined, secret: string): Promise<boolean> {
    if (!hashed) {
      this.decoy ??= hash('decoy-password-for-constant-time', OPTIONS);
      await verify(await this.decoy, secret).catch(() => false);
      return false;
    }
    return verify(hashed, secret).catch(() => false);
  }
}

/** Secret answers are compared case-, accent- and spacing-insensitively, as people retype them. */
export function normaliseSecretAnswer(answer: string): string {
  return answer
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
