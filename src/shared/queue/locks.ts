/**
 * BullMQ's lock and stalled-job settings of every queue worker. A running job's lock is renewed every
 * `lockDuration / 2`; a worker killed outright (SIGKILL, OOM) stops renewing it, and another worker's
 * stalled-job check takes the job again once the lock has expired: within lockDuration + up to two
 * stalledInterval (BullMQ's defaults, 30 s each, made that about a minute).
 */
export function lockOptions(locks: { lockMs: number; stalledCheckMs: number }): { lockDuration: number; stalledInterval: number } {
  return { lockDuration: locks.lockMs, stalledInterval: locks.stalledCheckMs };
}
