import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { CreateRequestContext } from '@mikro-orm/core';
import { Cron, CronExpression } from '@nestjs/schedule';
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
  answer: StoredAnswer | null;
}

const T = IDEMPOTENCY_KEY_TABLE;

/** The `idempotency_key` rows: one bound statement per step, outside any transaction of the request. */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('IdempotencyStore');

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
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
         status = null, headers = null, body = null, created_at = excluded.created_at,
         locked_until = excluded.locked_until, expires_at = excluded.expires_at
       where k.expires_at <= excluded.created_at
          or (k.status is null and k.locked_until <= excluded.created_at
              and k.request_hash = excluded.request_hash and k.body_hash is not distinct from excluded.body_hash)
       returning 1 as claimed`,
      [scope, key, requestHash, bodyHash, now, new Date(now.getTime() + IDEMPOTENCY_LEASE_MS), new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS)],
    );
    return rows.length === 1;
  }

  /** The key as the first request left it; null when it is gone (released meanwhile). */
  async find(scope: string, key: string): Promise<KeyRow | null> {
    const [row] = await rawRows<{ request_hash: string; body_hash: string | null; status: number | null; headers: Record<string, string> | null; body: string | null }>(
      this.orm.em,
      `select request_hash, body_hash, status, headers, body from ${T} where scope = ? and key = ? and expires_at > ?`,
      [scope, key, this.clock.now()],
    );
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      bodyHash: row.body_hash,
      answer: row.status === null ? null : { status: row.status, headers: row.headers ?? {}, body: row.body },
    };
  }

  /** The first request's answer, kept for the retries. */
  async complete(scope: string, key: string, bodyHash: string | null, answer: StoredAnswer): Promise<void> {
    await rawRows(
      this.orm.em,
      `update ${T} set status = ?, headers = ?, body = ?, body_hash = coalesce(body_hash, ?), locked_until = null
       where scope = ? and key = ? and status is null`,
      [answer.status, JSON.stringify(answer.headers), answer.body, bodyHash, scope, key],
    );
  }

  /** The first request failed: nothing was written, the key is free again. */
  async release(scope: string, key: string): Promise<void> {
    await rawRows(this.orm.em, `delete from ${T} where scope = ? and key = ? and status is null`, [scope, key]);
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
