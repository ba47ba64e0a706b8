import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, DAY_MS } from '../time/clock';
import { FileStore } from './file-store';

/**
 * Daily (worker role): with FILE_STORE_DIR or FILE_STORE=s3, deletes the files (objects) of every context
 * whose row was removed, and of rolled-back uploads (PostgreSQL has nothing to sweep). A day's grace keeps
 * every file whose transaction may still commit; a key some context's metadata names is never deleted
 * (FileReferences).
 */
@Injectable()
export class StoredFileSweep {
  private readonly logger = new Logger('StoredFileSweep');

  constructor(
    private readonly store: FileStore,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_2AM, { name: 'files.stored-file-sweep', timeZone: 'Europe/Paris' })
  async run(): Promise<number> {
    const removed = await this.store.sweep(new Date(this.clock.now().getTime() - DAY_MS));
    if (removed > 0) this.logger.log({ removed }, 'unreferenced stored files unlinked');
    return removed;
  }
}
