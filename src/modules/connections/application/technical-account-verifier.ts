import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sha256 } from '../../../shared/crypto/tokens';
import { rawRows } from '../../../shared/persistence/raw';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
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

/** The account's row, as the check needs it (cached by login, kept exact: architecture D13). */
interface AccountFacts {
  id: string;
  structureId: string;
  passwordHash: string;
  passwordVersion: number;
  active: boolean;
  expiresAt: Date;
  grants: Grant[];
}

interface AccountRow {
  id: string;
  structure_id: string;
  password_hash: string;
  password_version: number;
  active: boolean;
  expires_at: string | Date;
  grants: Grant[];
}

interface CachedVerification {
  passwordSha256: string;
  passwordVersion: number;
  until: number;
}

/**
 * Checks the `cpro-account` header's login and password without paying argon2 on every call. The
 * account's row (state, `passwordVersion`) comes from the process's row cache, which every committed
 * change to it clears (architecture D13), else from one indexed read by login. A successful argon2
 * verification is remembered for 60 s as (account id, sha256(password), password version). A re-key or
 * a deactivation changes the row (the version, `active`), so both take effect at the next request in
 * every process.
 */
@Injectable()
export class TechnicalAccountVerifier {
  private readonly cache = new Map<string, CachedVerification>();
  private readonly accounts: RowCache<AccountFacts>;
  /** Full argon2 verifications run by this process (observable in tests: the cache must keep it low). */
  hashVerifications = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly hasher: SecretHasher,
    changes: RowChanges,
  ) {
    this.accounts = new RowCache(changes, 'conn_technical_account');
    changes.forgetOnFlush(TechnicalAccount, (account) => this.accounts.forget(account.login));
  }

  async verify(login: string, password: string): Promise<VerifiedTechnicalAccount | null> {
    const account = await this.accounts.get(login, () => this.read(login));
    if (!account || !TechnicalAccount.usableAt(account.active, account.expiresAt, this.clock.now())) {
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

  private async read(login: string): Promise<AccountFacts | undefined> {
    const [row] = await rawRows<AccountRow>(
      this.em,
      'select id, structure_id, password_hash, password_version, active, expires_at, grants from conn_technical_account where login = ?',
      [login],
    );
    return (
      row && {
        id: row.id,
        structureId: row.structure_id,
        passwordHash: row.password_hash,
        passwordVersion: row.password_version,
        active: row.active,
        expiresAt: new Date(row.expires_at),
        grants: row.grants,
      }
    );
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
