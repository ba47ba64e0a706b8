import { Global, Module } from '@nestjs/common';
import { FileReferences } from '../../shared/files/file-references';
import { FilesModule } from '../../shared/files/files.module';
import { FlowsController } from './api/flows.controller';
import { InvoiceImportController } from './api/invoice-import.controller';
import { InvoicesController } from './api/invoices.controller';
import { ImportDraft } from './application/import-draft.use-case';
import { CreateDraft, DeleteDraft, DraftEditor, DuplicateInvoice, UpdateDraft } from './application/draft.use-cases';
import { AddInvoiceFile, DownloadInvoiceFile } from './application/files.use-cases';
import { DownloadInvoiceDocument, GetDepositCertificate, InvoiceDocuments } from './application/documents.use-cases';
import { InvoiceAccess } from './application/invoice-access';
import { InvoicingLifecycleListener, MikroInvoiceCatalog, MikroInvoiceLookup } from './application/invoice-records';
import { GetInvoiceStatuses } from './application/invoice-statuses.use-case';
import { ExportInvoices, GetInvoice, SearchInvoices } from './application/read.use-cases';
import { RoutingCheck, SubmitInvoice } from './application/submit-invoice.use-case';
import { InvoiceCatalog, InvoiceLookup } from './contracts/invoices';
import { LifecycleListener } from '../lifecycle/contracts/lifecycle';
import './contracts/events';
import { InvoiceSearch } from './infrastructure/invoice-search';
import { InvoiceCounts } from './infrastructure/counts/invoice-counts';
import { InvoiceCountCompaction } from './jobs/count-compaction.handlers';
import { ApiInvoicesService } from './application/api-mode.service';
import { FlowDepositsService, ProcessFlow } from './application/flows.use-cases';
import { InvoicingReferenceService } from './application/reference.service';
import { ApiInvoices, FlowDeposits, InvoicingReference } from './contracts/api-mode';
import { ProcessDepositedFlow, StuckFlowSweep } from './jobs/flow.handlers';
import { FlowMetrics } from './infrastructure/metrics/flow-metrics';

/**
 * What invoices say: drafts, files, submission rules, search and export, flows. Exposes InvoiceCatalog,
 * InvoiceLookup, the lifecycle's LifecycleListener (D25) and, for the API mode, ApiInvoices, FlowDeposits and InvoicingReference.
 */
@Global()
@Module({
  imports: [FilesModule],
  controllers: [InvoicesController, InvoiceImportController, FlowsController],
  providers: [
    InvoiceAccess,
    DraftEditor,
    RoutingCheck,
    CreateDraft,
    ImportDraft,
    UpdateDraft,
    DeleteDraft,
    DuplicateInvoice,
    AddInvoiceFile,
    DownloadInvoiceFile,
    InvoiceDocuments,
    DownloadInvoiceDocument,
    GetDepositCertificate,
    SubmitInvoice,
    GetInvoice,
    GetInvoiceStatuses,
    SearchInvoices,
    ExportInvoices,
    InvoiceSearch,
    InvoiceCounts,
    InvoiceCountCompaction,
    { provide: InvoiceCatalog, useClass: MikroInvoiceCatalog },
    { provide: LifecycleListener, useClass: InvoicingLifecycleListener },
    { provide: InvoiceLookup, useClass: MikroInvoiceLookup },
    ApiInvoicesService,
    ProcessFlow,
    ProcessDepositedFlow,
    StuckFlowSweep,
    FlowMetrics,
    { provide: ApiInvoices, useExisting: ApiInvoicesService },
    { provide: FlowDeposits, useClass: FlowDepositsService },
    { provide: InvoicingReference, useClass: InvoicingReferenceService },
  ],
  exports: [InvoiceCatalog, LifecycleListener, InvoiceLookup, ApiInvoices, FlowDeposits, InvoicingReference],
})
export class InvoicingModule {
  constructor(references: FileReferences) {
    // Invoice files and deposited flows name their bytes in the shared store.
    references.register('invoice_file', 'stored_file_id');
    references.register('invoice_flow', 'stored_file_id');
  }
}
