import IORedis, { RedisOptions } from 'ioredis';

/**
 * Producers fail fast while Redis is down (no offline queue, one retry per request) so an HTTP request
 * never hangs on it; blocking consumers (BullMQ workers) need `maxRetriesPerRequest: null` and reconnect forever.
 */
export function createRedis(url: string, role: 'producer' | 'consumer' | 'probe', name: string): IORedis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, connectionName: name }
      : role === 'probe'
        ? // Health checks wait for a connection in progress (bounded by the check's own timeout).
          { maxRetriesPerRequest: 1, connectTimeout: 2000, connectionName: name }
        : { maxRetriesPerRequest: null, enableReadyCheck: false, connectionName: name };
  const client = new IORedis(url, {
    ...options,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  // Errors surface through commands; without a listener ioredis would log every reconnect attempt as unhandled.
  client.on('error', () => undefined);
  return client;
}
