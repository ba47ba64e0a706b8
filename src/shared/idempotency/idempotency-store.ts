import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { CreateRequestContext } from '@mikro-orm/core';
import { Cron, CronExpression } from '@nestjs/schedule';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/config';
import { rawRows } from '../persistence/raw';
import { Clock } from '../time/clock';
import { IDEMPOTENCY_KEY_TABLE } from './idempotency-key.entity';

/** How long a key is kept after its first use: a retry within it gets the first answer (Stripe's 24 h). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a first request holds its key: a retry meanwhile is refused (409 IN_PROGRESS). Past it, the
 * process is taken to have died with the request, and a retry with the same request runs it again.
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export interface KeyRow {
  requestHash: string;
  bodyHash: string | null;
  /** null while the first request runs; 'unreadable' when kept under another JWT_SECRET. */
  answer: StoredAnswer | null | 'unreadable';
}

const T = IDEMPOTENCY_KEY_TABLE;

/** The key as stored: a hash, never the client's value. */
const keyId = (scope: string, key: string): string => createHash('sha256').update(`${scope}\n${key}`).digest('hex');

/**
 * The `idempotency_key` rows: one bound statement per step, outside any transaction of the request. Answers
 * may carry secrets shown once (an OAuth client's secret, a technical account's password): the row names
 * the key by a hash and keeps the answer AES-256-GCM encrypted under a key derived from JWT_SECRET, the
 * caller and the Idempotency-Key itself, so a database dump yields neither keys nor answers.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('IdempotencyStore');

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Takes the key for this request, or says it is taken. A key is free when unknown, expired, or held by
   * a first request whose lease ran out with the same request (its process died: it runs again).
   */
  async claim(scope: string, key: string, requestHash: string, bodyHash: string | null): Promise<boolean> {
    const now = this.clock.now();
    const rows = await rawRows<{ claimed: number }>(
      this.orm.em,
      `insert into ${T} as k (scope, key, request_hash, body_hash, created_at, locked_until, expires_at)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict (scope, key) do update set request_hash = excluded.request_hash, body_hash = excluded.body_hash,
         status = null, body = null, created_at = excluded.created_at,
         locked_until = excluded.locked_until, expires_at = excluded.expires_at
       where k.expires_at <= excluded.created_at
          or (k.status is null and k.locked_until <= excluded.created_at
              and k.request_hash = excluded.request_hash and k.body_hash is not distinct from excluded.body_hash)
       returning 1 as claimed`,
      [scope, keyId(scope, key), requestHash, bodyHash, now, new Date(now.getTime() + IDEMPOTENCY_LEASE_MS), new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS)],
    );
    return rows.length === 1;
  }

  /** The key as the first request left it; null when it is gone (released meanwhile). */
  async find(scope: string, key: string): Promise<KeyRow | null> {
    const [row] = await rawRows<{ request_hash: string; body_hash: string | null; status: number | null; body: string | null }>(
      this.orm.em,
      `select request_hash, body_hash, status, body from ${T} where scope = ? and key = ? and expires_at > ?`,
      [scope, keyId(scope, key), this.clock.now()],
    );
    if (!row) return null;
    const sealed = row.status === null ? null : this.open(scope, key, row.body ?? '');
    return {
      requestHash: row.request_hash,
      bodyHash: row.body_hash,
      answer: row.status === null ? null : sealed ? { status: row.status, ...sealed } : 'unreadable',
    };
  }

  /** The first request's answer, kept for the retries. */
  async complete(scope: string, key: string, bodyHash: string | null, answer: StoredAnswer): Promise<void> {
    await rawRows(
      this.orm.em,
      `update ${T} set status = ?, body = ?, body_hash = coalesce(body_hash, ?), locked_until = null
       where scope = ? and key = ? and status is null`,
      [answer.status, this.seal(scope, key, { headers: answer.headers, body: answer.body }), bodyHash, scope, keyId(scope, key)],
    );
  }

  /** The first request failed: nothing was written, the key is free again. */
  async release(scope: string, key: string): Promise<void> {
    await rawRows(this.orm.em, `delete from ${T} where scope = ? and key = ? and status is null`, [scope, keyId(scope, key)]);
  }

  private cipherKey(scope: string, key: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.config.jwt.secret, scope, `liasse-idempotency:${key}`, 32));
  }

  private seal(scope: string, key: string, answer: Omit<StoredAnswer, 'status'>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.cipherKey(scope, key), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  private open(scope: string, key: string, sealed: string): Omit<StoredAnswer, 'status'> | null {
    try {
      const [, iv, data, tag] = sealed.split('.');
      const decipher = createDecipheriv('aes-256-gcm', this.cipherKey(scope, key), Buffer.from(iv!, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data!, 'base64url')), decipher.final()]).toString('utf8')) as Omit<StoredAnswer, 'status'>;
    } catch {
      this.logger.warn({ scope }, 'a kept idempotent answer cannot be decrypted (JWT_SECRET rotated?)');
      return null;
    }
  }

  /** Hourly (worker role): expired keys are deleted. Expiry itself is read from `expires_at`, not from this job. */
  @Cron(CronExpression.EVERY_HOUR, { name: 'idempotency.purge' })
  @CreateRequestContext()
  async purgeExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ deleted }] = await rawRows<{ deleted: number }>(
        this.orm.em,
        `with d as (delete from ${T} where (scope, key) in (select scope, key from ${T} where expires_at <= ? limit 5000) returning 1)
         select count(*)::int as deleted from d`,
        [this.clock.now()],
      );
      total += deleted;
      if (deleted < 5000) break;
    }
    if (total > 0) this.logger.log({ deleted: total }, 'expired idempotency keys purged');
    return total;
  }
}
