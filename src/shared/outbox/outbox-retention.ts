import { CreateRequestContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config/config';
import { rawRows } from '../persistence/raw';
import { Clock } from '../time/clock';
import { HANDLED_EVENT_TABLE } from './handled-event.entity';

const DAY_MS = 24 * 3600 * 1000;
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
      `delete from outbox_event where id in (select id from outbox_event where published_at < ? limit ${BATCH}) returning 1 as x`,
      before,
    );
    const marks = await this.deleteInBatches(
      `delete from ${HANDLED_EVENT_TABLE} where (handler, event_id) in
         (select handler, event_id from ${HANDLED_EVENT_TABLE} where handled_at < ? limit ${BATCH}) returning 1 as x`,
      before,
    );
    if (events + marks > 0) this.logger.log({ events, marks, before }, 'outbox history purged');
    return { events, marks };
  }

  private async deleteInBatches(sql: string, before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = (await rawRows(this.orm.em, sql, [before], { prepared: false })).length;
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
