import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export const IDEMPOTENCY_KEY_TABLE = 'idempotency_key';

/**
 * One `Idempotency-Key` of one caller (`scope`: the user, or the OAuth client and technical account): the
 * request it was first used for (fingerprints) and, once that request succeeded, its answer. Written and
 * read by bound statements (idempotency-store.ts); the entity exists for the schema.
 */
@Entity({ tableName: IDEMPOTENCY_KEY_TABLE })
@Index({ name: 'idempotency_key_expires_at_idx', properties: ['expiresAt'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'string', length: 120 })
  scope: string;

  /** SHA-256 of the caller and the Idempotency-Key (hex): the client's value is not kept. */
  @PrimaryKey({ type: 'string', length: 64 })
  key: string;

  /** Method, route, path parameters and query (fingerprint.ts). */
  @Property({ type: 'string', length: 64 })
  requestHash: string;

  /** SHA-256 of the body as received (a multipart body without its boundary); null until a multipart body was read. */
  @Property({ type: 'string', length: 64, nullable: true })
  bodyHash?: string;

  /** Null while the first request runs. */
  @Property({ type: 'smallint', nullable: true })
  status?: number;

  /** The answer's headers and body, AES-256-GCM encrypted (idempotency-store.ts): they may hold a secret shown once. */
  @Property({ type: 'text', nullable: true })
  body?: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  /** While the first request runs: after this instant, a process that died with it no longer holds the key. */
  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  constructor(scope: string, key: string, requestHash: string, createdAt: Date, expiresAt: Date) {
    this.scope = scope;
    this.key = key;
    this.requestHash = requestHash;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }
}
