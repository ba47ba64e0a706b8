import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';

/**
 * Deletes captcha challenges past their expiry. Answered ones are deleted when answered; the others (an
 * image fetched and never used, or fetched in a loop) would otherwise stay for ever.
 */
@Injectable()
export class PurgeExpiredCaptchas {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** Returns how many rows were deleted. */
  async execute(): Promise<number> {
    const rows = await this.em
      .getConnection()
      .execute<{ count: string }[]>(
        'with gone as (delete from captcha_challenge where expires_at <= ? returning 1) select count(*) as count from gone',
        [this.clock.now()],
      );
    return Number(rows[0]?.count ?? 0);
  }
}
