import { Global, Module } from '@nestjs/common';
import { EngagementsController } from './api/engagements.controller';
import { EngagementAccess } from './application/engagement-access';
import { MikroEngagementLedger } from './application/engagement-ledger';
import {
  CreateEngagement,
  DeleteEngagement,
  EngagementDrafting,
  EngagementViews,
  GetEngagement,
  SearchEngagements,
  UpdateEngagement,
} from './application/engagements.use-cases';
import { ImportEngagements } from './application/import-engagements.use-case';
import { EngagementDirectory, EngagementLedger } from './contracts/engagements';
import { EngagementsSeed } from './infrastructure/engagements.seed';
import { EngagementSearch } from './infrastructure/engagement-search';
import { MailOnEngagementRecorded } from './jobs/engagement-mail.handlers';
import { ReleaseRejectedInvoice } from './jobs/release.handlers';

/** Engagements (legal commitments of public structures): records, CSV import, search, what invoices consume. */
@Global()
@Module({
  controllers: [EngagementsController],
  providers: [
    EngagementAccess,
    EngagementSearch,
    EngagementDrafting,
    EngagementViews,
    CreateEngagement,
    GetEngagement,
    SearchEngagements,
    UpdateEngagement,
    DeleteEngagement,
    ImportEngagements,
    MikroEngagementLedger,
    EngagementsSeed,
    ReleaseRejectedInvoice,
    MailOnEngagementRecorded,
    { provide: EngagementLedger, useExisting: MikroEngagementLedger },
    { provide: EngagementDirectory, useExisting: SearchEngagements },
  ],
  exports: [EngagementLedger, EngagementDirectory],
})
export class EngagementsModule {}
