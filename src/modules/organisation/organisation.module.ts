import { Global, Module } from '@nestjs/common';
import { DirectoryController } from './api/directory.controller';
import { StructuresController } from './api/structures.controller';
import { AddBankAccount, ListBankAccounts } from './application/bank-accounts.use-cases';
import { GetDirectoryStructure, SearchDirectory } from './application/directory.use-cases';
import { AddStructureDocument, DownloadStructureDocument, ListStructureDocuments } from './application/documents.use-cases';
import { CreateService, ListServices, UpdateService } from './application/services.use-cases';
import { ChangeStructureStatus, CreateStructure, GetStructure, UpdateStructure } from './application/structures.use-cases';
import { StructureCatalog } from './contracts/structures';
import { CompanyRegistry, OfflineCompanyRegistry } from './infrastructure/company-registry.port';
import { FileStore } from './infrastructure/file-store';
import { MikroStructureCatalog } from './infrastructure/structure-catalog';
import { ORGANISATION_MAIL_HANDLERS } from './jobs/organisation-mail.handlers';

/** Structures, services, bank accounts, structure documents, the public directory. Exposes StructureCatalog. */
@Global()
@Module({
  controllers: [StructuresController, DirectoryController],
  providers: [
    FileStore,
    { provide: CompanyRegistry, useClass: OfflineCompanyRegistry },
    CreateStructure,
    GetStructure,
    UpdateStructure,
    ChangeStructureStatus,
    CreateService,
    ListServices,
    UpdateService,
    AddBankAccount,
    ListBankAccounts,
    AddStructureDocument,
    ListStructureDocuments,
    DownloadStructureDocument,
    SearchDirectory,
    GetDirectoryStructure,
    ...ORGANISATION_MAIL_HANDLERS,
    { provide: StructureCatalog, useClass: MikroStructureCatalog },
  ],
  exports: [StructureCatalog],
})
export class OrganisationModule {}
