import { Injectable } from '@nestjs/common';

/**
 * Dependencies a context adds to readiness (`/health`) beside PostgreSQL and Redis, e.g. the invoice
 * files' bucket when FILE_STORE=s3. A check resolves when the dependency answers and throws otherwise;
 * its message goes to the log only (it may name hosts).
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, () => Promise<void>>();

  add(name: string, check: () => Promise<void>): void {
    if (['postgres', 'redis'].includes(name) || this.checks.has(name)) throw new Error(`readiness check ${name} is already registered`);
    this.checks.set(name, check);
  }

  entries(): [string, () => Promise<void>][] {
    return [...this.checks.entries()];
  }
}
