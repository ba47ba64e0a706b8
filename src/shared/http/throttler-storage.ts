import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface.js';
import IORedis from 'ioredis';
import { AppConfig } from '../../config/config';
import { createRedis } from '../queue/redis';

const SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked < 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]); blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}`;

/**
 * Rate-limit counters shared by every API replica through Redis. While Redis is down, a per-process
 * counter takes over (less strict across replicas, but the sensitive routes keep a limit and keep answering).
 */
@Injectable()
export class ResilientThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(ResilientThrottlerStorage.name);
  private readonly redis: IORedis;
  private readonly local = new Map<string, { hits: number; expiresAt: number; blockedUntil: number }>();

  constructor(private readonly config: AppConfig) {
    this.redis = createRedis(config.redis.url, 'producer', 'liasse-throttler');
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.config.redis.prefix}:throttle:${name}:${key}`;
    try {
      const [hits, ttlMs, blockedMs] = (await this.redis.eval(SCRIPT, 2, base, `${base}:blocked`, ttl, limit, blockDuration)) as number[];
      return {
        totalHits: hits!,
        timeToExpire: Math.ceil(ttlMs! / 1000),
        isBlocked: blockedMs! > 0,
        timeToBlockExpire: Math.max(0, Math.ceil(blockedMs! / 1000)),
      };
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Redis unavailable: rate limiting falls back to this process');
      return this.incrementLocally(base, ttl, limit, blockDuration);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private incrementLocally(key: string, ttl: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    const now = Date.now();
    let entry = this.local.get(key);
    if (!entry || entry.expiresAt <= now) entry = { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
    entry.hits++;
    if (entry.blockedUntil <= now && entry.hits > limit) entry.blockedUntil = now + blockDuration;
    this.local.set(key, entry);
    if (this.local.size > 100_000) this.local.clear();
    return {
      totalHits: entry.hits,
      timeToExpire: Math.ceil((entry.expiresAt - now) / 1000),
      isBlocked: entry.blockedUntil > now,
      timeToBlockExpire: Math.max(0, Math.ceil((entry.blockedUntil - now) / 1000)),
    };
  }
}
