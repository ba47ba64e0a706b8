import { CreateRequestContext } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, DAY_MS } from '../../../shared/time/clock';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';
import { deleteStagedAttachments } from '../infrastructure/staged-attachments';

/** A file deposited with deposer/pdf or ajouter/fichier and never used by a submission is kept this long. */
export const STAGED_ATTACHMENT_LIFETIME_DAYS = 7;

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
    const deleted = await this.orm.em.transactional((em) => deleteStagedAttachments(em, this.invoices, { createdBefore: before }));
    if (deleted > 0) this.logger.log({ deleted }, 'unused staged attachments purged');
    return deleted;
  }
}
