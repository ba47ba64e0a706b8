import { CreateRequestContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';

/** A file deposited with deposer/pdf or ajouter/fichier and never used by a submission is kept this long. */
export const STAGED_ATTACHMENT_LIFETIME_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

/** Daily (worker role): staged attachments never used by soumettre/completer, older than 7 days, are deleted with their bytes. */
@Injectable()
export class StagedAttachmentPurge {
  private readonly logger = new Logger('StagedAttachmentPurge');

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly invoices: ApiInvoices,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: 'piste.staged-attachment-purge', timeZone: 'Europe/Paris' })
  @CreateRequestContext()
  async run(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - STAGED_ATTACHMENT_LIFETIME_DAYS * DAY_MS);
    const deleted = await this.orm.em.transactional(async (em) => {
      const rows = await rawRows<{ kept_file_id: string }>(em, 'delete from piste_staged_attachment where created_at < ? returning kept_file_id', [before]);
      await this.invoices.discardKeptFiles(em, rows.map((r) => r.kept_file_id));
      return rows.length;
    });
    if (deleted > 0) this.logger.log({ deleted }, 'unused staged attachments purged');
    return deleted;
  }
}
