import { StructureNames } from './application/structure-names';
import { Module, OnModuleInit } from '@nestjs/common';
import { FileReferences } from '../../shared/files/file-references';
import { FilesModule } from '../../shared/files/files.module';
import { ErrorFormatterRegistry } from '../../shared/http/error-formatter';
import { PisteErrorFormatter } from './api/piste-error.formatter';
import { PisteEngagements } from './application/piste-engagements.service';
import { PisteController } from './api/piste.controller';
import { ReturnCodesController } from './api/return-codes.controller';
import { PisteInvoiceDeposit } from './application/piste-invoice-deposit.service';
import { PisteInvoiceProcessing } from './application/piste-invoice-processing.service';
import { PisteInvoiceValidation } from './application/piste-invoice-validation.service';
import { PisteInvoiceReading } from './application/piste-invoice-reading.service';
import { PisteInvoiceSearch } from './application/piste-invoice-search.service';
import { PisteStaging } from './application/piste-staging.service';
import { PisteStructures } from './application/piste-structures.service';
import { PisteAttachments } from './application/piste-attachments.service';
import { PisteDirectory } from './application/piste-directory.service';
import { PistePaymentRequests } from './application/piste-payment-requests.service';
import { PisteSollicitations } from './application/piste-sollicitations.service';
import { PisteTransverses } from './application/piste-transverses.service';
import './domain/piste.errors';
import { StagedAttachmentPurge } from './jobs/staged-attachment-purge.handlers';

/** The /cpro API mode: translates the PISTE contract onto the other contexts' contracts. */
@Module({
  imports: [FilesModule],
  controllers: [PisteController, ReturnCodesController],
  providers: [PisteStructures, PisteStaging, PisteInvoiceDeposit, PisteInvoiceSearch, PisteInvoiceReading, PisteInvoiceProcessing, PisteInvoiceValidation, PisteTransverses, PisteDirectory, PisteAttachments, PistePaymentRequests, PisteSollicitations, PisteEngagements, StagedAttachmentPurge, StructureNames],
})
export class PisteModule implements OnModuleInit {
  constructor(
    private readonly formatters: ErrorFormatterRegistry,
    references: FileReferences,
  ) {
    // A staged attachment names the bytes invoicing keeps for it (ApiInvoices.keepFile).
    references.register('piste_staged_attachment', 'kept_file_id');
  }

  onModuleInit(): void {
    this.formatters.register(new PisteErrorFormatter());
  }
}
