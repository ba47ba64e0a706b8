import { CreateRequestContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config/config';
import { rawRows } from '../persistence/raw';
import { Clock, DAY_MS } from '../time/clock';
import { HANDLED_EVENT_TABLE } from './handled-event.entity';

/** Rows deleted per statement: short transactions, so the relay and the handlers never wait long. */
const BATCH = 5_000;

/**
 * Daily (worker role): published outbox events and handled_event marks older than OUTBOX_RETENTION_DAYS
 * are deleted. Both tables otherwise grow with every event for ever (four events per submitted invoice).
 * Unpublished events are never deleted, whatever their age: the relay still owes them.
 */
@Injectable()
export class OutboxRetention {
  private readonly logger = new Logger('OutboxRetention');

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_4AM, { name: 'outbox.retention', timeZone: 'Europe/Paris' })
  @CreateRequestContext()
  async run(): Promise<{ events: number; marks: number }> {
    const before = new Date(this.clock.now().getTime() - this.config.outboxRetentionDays * DAY_MS);
    const events = await this.deleteInBatches(
      `delete from outbox_event where id in (select id from outbox_event where published_at < ? limit ${BATCH}) returning 1`,
      before,
    );
    const marks = await this.deleteInBatches(
      `delete from ${HANDLED_EVENT_TABLE} where (handler, event_id) in
         (select handler, event_id from ${HANDLED_EVENT_TABLE} where handled_at < ? limit ${BATCH}) returning 1`,
      before,
    );
    if (events + marks > 0) this.logger.log({ events, marks, before }, 'outbox history purged');
    return { events, marks };
  }

  /** `deleteSql` deletes at most BATCH rows, `returning 1`; counted in the database, one row back. */
  private async deleteInBatches(deleteSql: string, before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ deleted }] = await rawRows<{ deleted: number }>(this.orm.em, `with d as (${deleteSql}) select count(*)::int as deleted from d`, [before], {
        prepared: false,
      });
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
