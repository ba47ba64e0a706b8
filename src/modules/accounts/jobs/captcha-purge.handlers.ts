import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { PurgeExpiredCaptchas } from '../application/purge-expired-captchas.use-case';

/** Worker cron: expired captcha challenges go every 10 minutes (their lifetime), so the table stays small. */
@Injectable()
export class CaptchaPurgeSweep {
  constructor(
    private readonly orm: MikroORM,
    private readonly purge: PurgeExpiredCaptchas,
  ) {}

  @Cron(CronExpression.EVERY_10_MINUTES, { name: 'accounts.captcha-purge' })
  @CreateRequestContext()
  async run(): Promise<number> {
    return this.purge.execute();
  }
}
