import { Job, Queue, Worker } from 'bullmq';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { EnvironmentVariables } from '../../../src/config/app.config';
import { lockOptions } from '../../../src/shared/queue/locks';
import { TEST_REDIS_URL } from '../../setup/test-env';

/**
 * Issue 18: a worker killed with SIGKILL left its running job locked for about a minute (BullMQ's
 * defaults). With the platform's settings (QUEUE_LOCK_MS, QUEUE_STALLED_CHECK_MS at their defaults),
 * another worker takes it again within about 15 s. The killed worker is a real process.
 */
describe('a worker killed mid-job', () => {
  const redis = new URL(TEST_REDIS_URL);
  const connection = { host: redis.hostname, port: Number(redis.port || 6379), maxRetriesPerRequest: null };
  const prefix = `liasse-test-killed-${randomBytes(4).toString('hex')}`;
  const name = 'killed-worker';
  const defaults = new EnvironmentVariables();
  const locks = { lockMs: defaults.QUEUE_LOCK_MS, stalledCheckMs: defaults.QUEUE_STALLED_CHECK_MS };
  let queue: Queue;
  let survivor: Worker | undefined;

  beforeAll(() => {
    queue = new Queue(name, { connection, prefix });
  });

  afterAll(async () => {
    await survivor?.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  });

  it('gives its job to another worker within the lock plus two stalled-job checks (about 15 s by default)', async () => {
    expect(locks).toEqual({ lockMs: 10_000, stalledCheckMs: 5_000 });
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `const { Worker } = require('bullmq');
         const { lockOptions } = require('./src/shared/queue/locks.ts');
         new Worker(${JSON.stringify(name)}, () => { process.stdout.write('ACTIVE\\n'); return new Promise(() => {}); },
           { connection: ${JSON.stringify(connection)}, prefix: ${JSON.stringify(prefix)}, ...lockOptions(${JSON.stringify(locks)}) });`,
      ],
      { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const active = new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ACTIVE') && resolve()));
    await queue.add('long', { n: 1 });
    await active;
    child.kill('SIGKILL');
    const killedAt = Date.now();

    const taken = new Promise<{ job: Job; afterMs: number }>((resolve) => {
      survivor = new Worker(name, async (job) => resolve({ job, afterMs: Date.now() - killedAt }), { connection, prefix, ...lockOptions(locks) });
    });
    const { job, afterMs } = await taken;
    expect(job.name).toBe('long');
    expect(afterMs).toBeLessThan(locks.lockMs + 2 * locks.stalledCheckMs + 2_000);
  }, 60_000);
});
