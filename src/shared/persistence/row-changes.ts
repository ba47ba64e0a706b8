import { EntityClass, EventSubscriber, MikroORM } from '@mikro-orm/core';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '../../config/config';

/** Channel of the `notify_row_change` triggers (migration row_change_notify): payload `<table>:<key>`. */
export const ROW_CHANGE_CHANNEL = 'row_change';
const SYNC_PREFIX = 'sync:';
/** The listener connection's `application_name` (pg_stat_activity). */
export const ROW_CHANGES_APPLICATION = 'liasse-row-changes';
/**
 * How long a sync may wait for its own notification before the connection is deemed broken. Generous: on a
 * saturated 2-core machine a notification took over 2 s, and each false alarm empties every cache.
 */
const SYNC_TIMEOUT_MS = 5_000;

export interface RowChangeListener {
  /** A committed insert, update or delete touched the row(s) with this key. */
  changed(key: string): void;
  /** Changes may have been missed (listener connection lost or restarted): forget everything. */
  reset(): void;
}

/**
 * What this process learns, at commit, of changes to the tables whose rows it caches (architecture D13).
 * Triggers on those tables `pg_notify` every committed change; one dedicated connection per process
 * (API or worker) LISTENs, and also carries the other channels the process listens to (`onChannel`: the
 * outbox relay's wake-up). `live` is true only while that connection listens and answers: caches must
 * not serve a row otherwise, since a change could then go unseen. A heartbeat (`sync`) every third of
 * the cache lifetime detects a connection that died silently; a lost connection resets every listener.
 */
@Injectable()
export class RowChanges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RowChanges.name);
  private readonly listeners = new Map<string, RowChangeListener[]>();
  /** Every channel the connection LISTENs to, with what a notification on it does. */
  private readonly channels = new Map<string, (payload: string) => void>();
  private readonly syncs = new Map<string, () => void>();
  private client?: Client;
  private listening = false;
  private running = false;
  private loop?: Promise<void>;
  private heartbeat?: NodeJS.Timeout;
  private readonly writes = new TransactionWrites();
  /** The transaction of the flush whose subscribers run now (null: a flush outside any transaction). */
  private flushing?: object | null;

  constructor(
    private readonly config: AppConfig,
    private readonly orm: MikroORM,
  ) {
    if (this.ttlMs > 0) this.onChannel(ROW_CHANGE_CHANNEL, (payload) => this.dispatch(payload));
  }

  /** True while every committed change reaches this process (never when caching is off). */
  get live(): boolean {
    return this.listening && this.ttlMs > 0;
  }

  /** Also LISTEN to `channel` on this process's connection (call before the application starts). */
  onChannel(channel: string, handler: (payload: string) => void): void {
    this.channels.set(channel, handler);
  }

  /** The cache lifetime (milliseconds): a safety net behind the notifications; 0 disables caching. */
  get ttlMs(): number {
    return this.config.rowCacheTtlMs;
  }

  subscribe(table: string, listener: RowChangeListener): void {
    this.listeners.set(table, [...(this.listeners.get(table) ?? []), listener]);
  }

  /**
   * Drops this process's entries as it flushes changes to `entity`, before the commit's notification
   * reaches it: the writer's next request never depends on that notification (architecture D13). The
   * entries' caches also learn that the flush's transaction wrote to them (`noteWrite`).
   */
  forgetOnFlush<E extends object>(entity: EntityClass<E>, forget: (row: E) => void): void {
    const forgetIn = ({ entity: row, em }: { entity: E; em: { getTransactionContext(): unknown } }): void => {
      this.flushing = (em.getTransactionContext() as object | undefined) ?? null;
      try {
        forget(row);
      } finally {
        this.flushing = undefined;
      }
    };
    const subscriber: EventSubscriber<E> = {
      getSubscribedEntities: () => [entity],
      afterCreate: forgetIn,
      afterUpdate: forgetIn,
      afterDelete: forgetIn,
    };
    this.orm.em.getEventManager().registerSubscriber(subscriber);
  }

  /** A read made now joins the caller's transaction (READ COMMITTED), and may see its uncommitted changes. */
  get inTransaction(): boolean {
    return this.orm.em.getTransactionContext() !== undefined;
  }

  /**
   * Notes that the current transaction (the flush's, during `forgetOnFlush`) wrote rows `cache` holds: its
   * later reads must bypass that cache. Marked on the transaction and every transaction it is nested in
   * (a savepoint's writes are the outer transaction's once released); none outside a transaction.
   */
  noteWrite(cache: object): void {
    const transaction = this.flushing === undefined ? this.orm.em.getTransactionContext<object>() : this.flushing;
    this.writes.note(transaction ?? undefined, cache);
  }

  /** Whether the current transaction, or one it is nested in, wrote rows `cache` holds (`noteWrite`). */
  wroteInTransaction(cache: object): boolean {
    return this.writes.wrote(this.orm.em.getTransactionContext<object>(), cache);
  }

  onApplicationBootstrap(): void {
    if (this.channels.size === 0) return;
    this.running = true;
    this.loop = this.listen();
    if (this.ttlMs === 0) return;
    this.heartbeat = setInterval(() => this.beat(), Math.max(this.ttlMs / 3, 100));
    this.heartbeat.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearInterval(this.heartbeat);
    await this.client?.end().catch(() => undefined);
    await this.loop;
  }

  /**
   * Resolves once every change committed before the call has been applied here: PostgreSQL delivers
   * notifications in commit order, so this process's own notification comes after them. Rejects if the
   * listener is down or does not answer in time.
   */
  async sync(): Promise<void> {
    const client = this.client;
    if (!client || !this.live) throw new Error('row changes are not being listened to');
    const nonce = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.syncs.set(nonce, resolve);
        timer = setTimeout(() => reject(new Error('row change sync timed out')), SYNC_TIMEOUT_MS);
        client.query('select pg_notify($1, $2)', [ROW_CHANGE_CHANNEL, SYNC_PREFIX + nonce]).catch(reject);
      });
    } finally {
      clearTimeout(timer);
      this.syncs.delete(nonce);
    }
  }

  /** A listener that does not hear itself within the timeout is closed, and the loop reconnects. */
  private beat(): void {
    const client = this.client;
    if (!client || !this.live) return;
    this.sync().catch(() => client.end().catch(() => undefined));
  }

  private dispatch(payload: string): void {
    if (payload.startsWith(SYNC_PREFIX)) return this.syncs.get(payload.slice(SYNC_PREFIX.length))?.();
    const colon = payload.indexOf(':');
    for (const listener of this.listeners.get(payload.slice(0, colon)) ?? []) listener.changed(payload.slice(colon + 1));
  }

  private resetAll(): void {
    for (const listeners of this.listeners.values()) for (const listener of listeners) listener.reset();
  }

  /** LISTEN on a dedicated connection; reconnects while the application runs (the relay polls meanwhile). */
  private async listen(): Promise<void> {
    let outage = false;
    while (this.running) {
      const client = new Client({ connectionString: this.config.database.url, keepAlive: true, application_name: ROW_CHANGES_APPLICATION });
      const closed = new Promise<void>((resolve) => {
        // Stop serving from the caches at once, not a few ticks later when this loop resumes.
        const lost = (): void => {
          if (this.client === client) this.listening = false;
          resolve();
        };
        client.on('error', lost);
        client.on('end', lost);
      });
      try {
        await client.connect();
        this.client = client;
        client.on('notification', (message) => this.channels.get(message.channel)?.(message.payload ?? ''));
        await client.query([...this.channels.keys()].map((channel) => `listen ${channel}`).join('; '));
        this.listening = true;
        if (outage) this.logger.log('Row change listener reconnected: caches are used again');
        outage = false;
        await closed;
        if (this.running) this.logger.warn('Row change listener disconnected: caches are bypassed until it reconnects');
        outage = true;
      } catch (error) {
        // Once per outage, not at every retry.
        if (this.running && !outage) this.logger.warn({ err: error }, 'Row change listener unavailable: caches are bypassed until it reconnects');
        outage = true;
      } finally {
        // Changes may have gone unseen from now on: nothing cached until then is served again, and
        // nothing is stored while not listening.
        this.listening = false;
        this.resetAll();
        await client.end().catch(() => undefined);
      }
      if (this.running) await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/**
 * Which caches each open transaction wrote to, keyed by the driver's transaction object (knex: a savepoint's
 * transaction names its parent as `parentTransaction`). A write is noted on the transaction and all its parents, and a
 * transaction wrote a cache if it or a parent did: so a released savepoint's writes count for the rest of
 * the outer transaction, and a rolled-back one's too (merely cautious). Weak: nothing kept after the end.
 */
export class TransactionWrites {
  private readonly byTransaction = new WeakMap<object, Set<object>>();

  note(transaction: object | undefined, cache: object): void {
    for (let t = transaction; t; t = outerOf(t)) {
      const caches = this.byTransaction.get(t);
      if (caches) caches.add(cache);
      else this.byTransaction.set(t, new Set([cache]));
    }
  }

  wrote(transaction: object | undefined, cache: object): boolean {
    for (let t = transaction; t; t = outerOf(t)) if (this.byTransaction.get(t)?.has(cache)) return true;
    return false;
  }
}

/** The transaction a savepoint's is nested in: knex sets `parentTransaction` on a nested transaction (the object MikroORM holds). */
const outerOf = (transaction: object): object | undefined => (transaction as { parentTransaction?: object | null }).parentTransaction ?? undefined;

/**
 * A process-local cache of rows kept exact by `RowChanges`: an entry is dropped when its row changes,
 * everything when changes may have been missed, and nothing is served while they are not listened to.
 * A read of a key that was in flight when the key changed is not stored (it may predate the change). Entries
 * also expire after `ttlMs`, a safety net only. Bounded: the oldest entries go first.
 */
export class RowCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /** Reads in flight per key; a change to the key marks them stale, and a stale read is not stored. */
  private readonly inFlight = new Map<string, { stale: boolean }[]>();

  /**
   * `table`'s notifications name the key of this cache, unless `changedIn` is given: then the cache is keyed
   * otherwise (e.g. by a natural identifier), and a change drops the entries whose value it names.
   */
  constructor(
    private readonly changes: RowChanges,
    table: string,
    { maxEntries = 20_000, changedIn }: { maxEntries?: number; changedIn?: (value: V, changedKey: string) => boolean } = {},
  ) {
    this.maxEntries = maxEntries;
    changes.subscribe(table, {
      // A committed change (a notification): no transaction of this process wrote it.
      changed: changedIn ? (key) => this.dropWhere((value) => changedIn(value, key)) : (key) => this.drop(key),
      reset: () => this.clear(),
    });
  }

  private readonly maxEntries: number;

  /**
   * The cached value, else `load()`'s, stored when defined and when no change to the key came in the
   * meantime. Inside a transaction the same holds unless that transaction wrote rows of this cache (noted
   * by `RowChanges.forgetOnFlush` and by `forget`/`forgetWhere`): then every read goes to the database,
   * since it may see the transaction's own uncommitted changes. A transaction that wrote none of them reads
   * at READ COMMITTED (the only level the application uses) exactly what a read outside it would: the rows
   * committed before the statement, whose later changes mark the read stale or drop the entry as usual.
   */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.changes.live) return load();
    if (this.changes.inTransaction && this.changes.wroteInTransaction(this)) return load();
    const hit = this.entries.get(key);
    if (hit && hit.until > performance.now()) return hit.value;
    const read = { stale: false };
    const reads = this.inFlight.get(key);
    if (reads) reads.push(read);
    else this.inFlight.set(key, [read]);
    try {
      const value = await load();
      if (value !== undefined && !read.stale && this.changes.live) this.store(key, value);
      return value;
    } finally {
      const left = this.inFlight.get(key)?.filter((r) => r !== read) ?? [];
      if (left.length) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    }
  }

  /** Drops the key's entry; called by a writer in a transaction, also notes that it wrote to this cache. */
  forget(key: string): void {
    this.changes.noteWrite(this);
    this.drop(key);
  }

  private drop(key: string): void {
    this.entries.delete(key);
    for (const read of this.inFlight.get(key) ?? []) read.stale = true;
  }

  /** Drops the entries whose value matches (e.g. every session of one user), and every read in flight. */
  forgetWhere(match: (value: V) => boolean): void {
    this.changes.noteWrite(this);
    this.dropWhere(match);
  }

  private dropWhere(match: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (match(entry.value)) this.entries.delete(key);
    this.staleAll();
  }

  clear(): void {
    this.entries.clear();
    this.staleAll();
  }

  get size(): number {
    return this.entries.size;
  }

  private staleAll(): void {
    for (const reads of this.inFlight.values()) for (const read of reads) read.stale = true;
  }

  private store(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until: performance.now() + this.changes.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
