import { Global, Module } from '@nestjs/common';
import { ContactController } from './api/contact.controller';
import { SupportCategoriesController } from './api/support-categories.controller';
import { TicketsController } from './api/tickets.controller';
import { SupportCategoryCatalogService } from './application/category-catalog';
import { CreateCategory, CreateSubCategory, ListCategories, UpdateCategory, UpdateSubCategory } from './application/categories.use-cases';
import { OpenTicket } from './application/open-ticket.use-case';
import { ExportTickets, GetTicket, SearchTickets } from './application/read.use-cases';
import { SubmitContactForm } from './application/submit-contact-form.use-case';
import { AddTicketFile, AddTicketMessage, ChangeTicketStatus, DownloadTicketFile } from './application/ticket-actions.use-cases';
import { TicketAccess } from './application/ticket-access';
import { TicketContactAddresses } from './application/ticket-contact';
import { SupportCategoryCatalog } from './contracts/categories';
import { TicketCatalog } from './contracts/tickets';
import { TicketCatalogService } from './application/ticket-catalog';
import './contracts/events';
import { SupportSeed } from './infrastructure/support.seed';
import { FileReferences } from '../../shared/files/file-references';
import { FilesModule } from '../../shared/files/files.module';
import { TicketFileStore } from './infrastructure/ticket-file-store';
import { TicketSearch } from './infrastructure/ticket-search';
import { SUPPORT_MAIL_HANDLERS } from './jobs/support-mail.handlers';

/** Support tickets (sollicitations): categories, tickets, activity stream, files, views, contact form, e-mails. */
@Global()
@Module({
  imports: [FilesModule],
  controllers: [TicketsController, SupportCategoriesController, ContactController],
  providers: [
    TicketAccess,
    TicketContactAddresses,
    TicketFileStore,
    TicketSearch,
    OpenTicket,
    SubmitContactForm,
    GetTicket,
    SearchTickets,
    ExportTickets,
    AddTicketMessage,
    ChangeTicketStatus,
    AddTicketFile,
    DownloadTicketFile,
    ListCategories,
    CreateCategory,
    UpdateCategory,
    CreateSubCategory,
    UpdateSubCategory,
    SupportSeed,
    SupportCategoryCatalogService,
    { provide: SupportCategoryCatalog, useExisting: SupportCategoryCatalogService },
    TicketCatalogService,
    { provide: TicketCatalog, useExisting: TicketCatalogService },
    ...SUPPORT_MAIL_HANDLERS,
  ],
  exports: [SupportCategoryCatalog, TicketCatalog],
})
export class SupportModule {
  constructor(references: FileReferences) {
    // Ticket files name their bytes in the shared store.
    references.register('support_ticket_file', 'store_key');
  }
}
