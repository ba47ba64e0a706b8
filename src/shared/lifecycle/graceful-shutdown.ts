import { INestApplicationContext, LoggerService } from '@nestjs/common';

/** Settles with the promise, or with `onTimeout()` after `ms` (a close that waits on a dead connection). */
export async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGTERM/SIGINT → `app.close()` (Nest's hooks: stop taking work, drain it, close connections), then
 * exit 0 with one log line. Past `graceMs` the process exits 1 anyway, saying so, whatever is still
 * waiting (a dead Redis or PostgreSQL must not hold a shutdown forever). A second signal exits at once.
 * Replaces Nest's enableShutdownHooks, which re-raises the signal after closing (exit status 143).
 */
export function stopOnSignals(app: INestApplicationContext, logger: LoggerService, graceMs: number, what: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn?.(`${what}: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    const deadline = setTimeout(() => {
      logger.error(`${what}: shutdown on ${signal} did not finish within ${graceMs} ms; exiting`);
      process.exit(1);
    }, graceMs);
    app.close().then(
      () => {
        clearTimeout(deadline);
        logger.log(`${what} stopped on ${signal} after ${Date.now() - started} ms (drained)`);
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error(`${what}: shutdown on ${signal} failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
