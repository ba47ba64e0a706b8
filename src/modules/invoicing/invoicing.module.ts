import { Global, Module } from '@nestjs/common';
import { InvoicesController } from './api/invoices.controller';
import { CreateDraft, DeleteDraft, DraftEditor, DuplicateInvoice, UpdateDraft } from './application/draft.use-cases';
import { AddInvoiceFile, DownloadInvoiceFile } from './application/files.use-cases';
import { InvoiceAccess } from './application/invoice-access';
import { MikroInvoiceCatalog, MikroInvoiceWrites } from './application/invoice-records';
import { ExportInvoices, GetInvoice, SearchInvoices } from './application/read.use-cases';
import { RoutingCheck, SubmitInvoice } from './application/submit-invoice.use-case';
import { InvoiceCatalog, InvoiceWrites } from './contracts/invoices';
import './contracts/events';
import { FileStore, PostgresFileStore } from './infrastructure/file-store/file-store';
import { InvoiceSearch } from './infrastructure/invoice-search';

/** What invoices say: drafts, files, submission rules, search and export. Exposes InvoiceCatalog/InvoiceWrites. */
@Global()
@Module({
  controllers: [InvoicesController],
  providers: [
    InvoiceAccess,
    DraftEditor,
    RoutingCheck,
    CreateDraft,
    UpdateDraft,
    DeleteDraft,
    DuplicateInvoice,
    AddInvoiceFile,
    DownloadInvoiceFile,
    SubmitInvoice,
    GetInvoice,
    SearchInvoices,
    ExportInvoices,
    InvoiceSearch,
    { provide: FileStore, useClass: PostgresFileStore },
    { provide: InvoiceCatalog, useClass: MikroInvoiceCatalog },
    { provide: InvoiceWrites, useClass: MikroInvoiceWrites },
  ],
  exports: [InvoiceCatalog, InvoiceWrites],
})
export class InvoicingModule {}
