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

/** `last_used_at` is written at most once per this interval per account (not one write per call). */
export const LAST_USE_RESOLUTION_MS = 60_000;

export interface VerifiedTechnicalAccount {
  id: string;
  structureId: string;
  grants: Grant[];
  createdBy: string | null;
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
  createdBy: string | null;
}

interface AccountRow {
  id: string;
  structure_id: string;
  password_hash: string;
  password_version: number;
  active: boolean;
  expires_at: string | Date;
  grants: Grant[];
  created_by: string | null;
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
  /** When this process last wrote each account's `last_used_at` (epoch ms of the clock). */
  private readonly lastUseWritten = new Map<string, number>();
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
    return { id: account.id, structureId: account.structureId, grants: account.grants, createdBy: account.createdBy };
  }

  private async read(login: string): Promise<AccountFacts | undefined> {
    const [row] = await rawRows<AccountRow>(
      this.em,
      'select id, structure_id, password_hash, password_version, active, expires_at, grants, created_by from conn_technical_account where login = ?',
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
        createdBy: row.created_by,
      }
    );
  }

  /**
   * Records that the account was just used, at most once per LAST_USE_RESOLUTION_MS per account and
   * process (one conditional update; other processes' writes within the interval make it a no-op). The
   * row-change trigger ignores this column, so the account stays in every process's cache.
   */
  async recordUse(accountId: string): Promise<void> {
    const now = this.clock.now().getTime();
    const last = this.lastUseWritten.get(accountId);
    if (last !== undefined && now - last < LAST_USE_RESOLUTION_MS && now >= last) return;
    if (this.lastUseWritten.size >= MAX_CACHE_ENTRIES) this.lastUseWritten.clear();
    this.lastUseWritten.set(accountId, now);
    await rawRows(
      this.em,
      'update conn_technical_account set last_used_at = ? where id = ? and (last_used_at is null or last_used_at <= ?)',
      [new Date(now), accountId, new Date(now - LAST_USE_RESOLUTION_MS)],
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
