import { EntityManager } from '@mikro-orm/postgresql';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { FlowsController } from './api/flows.controller';
import { InvoiceImportController } from './api/invoice-import.controller';
import { InvoicesController } from './api/invoices.controller';
import { ImportDraft } from './application/import-draft.use-case';
import { CreateDraft, DeleteDraft, DraftEditor, DuplicateInvoice, UpdateDraft } from './application/draft.use-cases';
import { AddInvoiceFile, DownloadInvoiceFile } from './application/files.use-cases';
import { DownloadInvoiceDocument, GetDepositCertificate, InvoiceDocuments } from './application/documents.use-cases';
import { InvoiceAccess } from './application/invoice-access';
import { MikroInvoiceCatalog, MikroInvoiceLookup, MikroInvoiceWrites } from './application/invoice-records';
import { ExportInvoices, GetInvoice, SearchInvoices } from './application/read.use-cases';
import { RoutingCheck, SubmitInvoice } from './application/submit-invoice.use-case';
import { InvoiceCatalog, InvoiceLookup, InvoiceWrites } from './contracts/invoices';
import './contracts/events';
import { FileStore, PostgresFileStore } from './infrastructure/file-store/file-store';
import { FilesystemFileStore } from './infrastructure/file-store/filesystem-file-store';
import { StoredFileSweep } from './jobs/file-sweep.handlers';
import { InvoiceSearch } from './infrastructure/invoice-search';
import { InvoiceCounts } from './infrastructure/counts/invoice-counts';
import { InvoiceCountCompaction } from './jobs/count-compaction.handlers';
import { ApiInvoicesService } from './application/api-mode.service';
import { FlowDepositsService, ProcessFlow } from './application/flows.use-cases';
import { InvoicingReferenceService } from './application/reference.service';
import { ApiInvoices, FlowDeposits, InvoicingReference } from './contracts/api-mode';
import { ProcessDepositedFlow, StuckFlowSweep } from './jobs/flow.handlers';
import { FlowMetrics } from './infrastructure/metrics/flow-metrics';

/** FILE_STORE_DIR chooses the adapter; a directory that cannot be written stops the boot. */
export async function createFileStore(em: EntityManager, config: AppConfig): Promise<FileStore> {
  if (!config.fileStoreDir) return new PostgresFileStore(em);
  const store = new FilesystemFileStore(em, config.fileStoreDir);
  await store.checkWritable();
  return store;
}

/**
 * What invoices say: drafts, files, submission rules, search and export, flows. Exposes InvoiceCatalog,
 * InvoiceWrites, InvoiceLookup and, for the API mode, ApiInvoices, FlowDeposits and InvoicingReference.
 */
@Global()
@Module({
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
    SearchInvoices,
    ExportInvoices,
    InvoiceSearch,
    InvoiceCounts,
    InvoiceCountCompaction,
    { provide: FileStore, inject: [EntityManager, AppConfig], useFactory: createFileStore },
    StoredFileSweep,
    { provide: InvoiceCatalog, useClass: MikroInvoiceCatalog },
    { provide: InvoiceWrites, useClass: MikroInvoiceWrites },
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
  exports: [InvoiceCatalog, InvoiceWrites, InvoiceLookup, ApiInvoices, FlowDeposits, InvoicingReference],
})
export class InvoicingModule {}
