import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sha256 } from '../../../shared/crypto/tokens';
import { Clock } from '../../../shared/time/clock';
import { Grant } from '../../habilitations/contracts/applications';
import { TechnicalAccount } from '../domain/technical-account.entity';
import { SecretHasher } from '../infrastructure/secret-hasher';

/** How long a successful argon2 verification is remembered (per process). */
export const VERIFICATION_CACHE_TTL_MS = 60_000;
const MAX_CACHE_ENTRIES = 10_000;

export interface VerifiedTechnicalAccount {
  id: string;
  structureId: string;
  grants: Grant[];
}

interface CachedVerification {
  passwordSha256: string;
  passwordVersion: number;
  until: number;
}

/**
 * Checks the `cpro-account` header's login and password without paying argon2 on every call: one
 * indexed read per request (by login) gives the account's state and `passwordVersion`; a successful
 * argon2 verification is remembered for 60 s as (account id, sha256(password), password version). A
 * re-key or a deactivation bumps the version (and deactivation clears `active`), so both take effect
 * at the next request on every replica, without any cross-process invalidation.
 */
@Injectable()
export class TechnicalAccountVerifier {
  private readonly cache = new Map<string, CachedVerification>();
  /** Full argon2 verifications run by this process (observable in tests: the cache must keep it low). */
  hashVerifications = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly hasher: SecretHasher,
  ) {}

  async verify(login: string, password: string): Promise<VerifiedTechnicalAccount | null> {
    const account = await this.em
      .fork()
      .findOne(TechnicalAccount, { login }, { fields: ['id', 'structureId', 'passwordHash', 'passwordVersion', 'active', 'expiresAt', 'grants'] });
    const now = this.clock.now();
    if (!account || !account.usable(now)) {
      if (!account) await this.hasher.verify(undefined, password);
      return null;
    }
    const digest = sha256(password);
    const cached = this.cache.get(account.id);
    const hit = cached && cached.passwordSha256 === digest && cached.passwordVersion === account.passwordVersion && cached.until > Date.now();
    if (!hit) {
      this.hashVerifications++;
      if (!(await this.hasher.verify(account.passwordHash, password))) return null;
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
      this.cache.set(account.id, { passwordSha256: digest, passwordVersion: account.passwordVersion, until: Date.now() + VERIFICATION_CACHE_TTL_MS });
    }
    return { id: account.id, structureId: account.structureId, grants: account.grants };
  }

  /** Drops what this process remembers of an account (the version check already protects other processes). */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  /** For tests and metrics: how many argon2 results are remembered. */
  get size(): number {
    return this.cache.size;
  }
}
