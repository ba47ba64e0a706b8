import { Global, Module } from '@nestjs/common';
import { DirectoryController } from './api/directory.controller';
import { StructuresController } from './api/structures.controller';
import { AddBankAccount, ListBankAccounts } from './application/bank-accounts.use-cases';
import { GetDirectoryStructure, SearchDirectory } from './application/directory.use-cases';
import { AddStructureDocument, DownloadStructureDocument, ListStructureDocuments } from './application/documents.use-cases';
import { CreateService, ListServices, UpdateService } from './application/services.use-cases';
import { ChangeStructureStatus, CreateStructure, GetStructure, UpdateStructure } from './application/structures.use-cases';
import { StructureCatalog, StructureDisclosure } from './contracts/structures';
import { StructureDisclosurePolicy } from './application/structure-disclosure';
import { CompanyRegistry, OfflineCompanyRegistry } from './infrastructure/company-registry.port';
import { OrganisationSeed } from './infrastructure/organisation.seed';
import { FileReferences } from '../../shared/files/file-references';
import { FilesModule } from '../../shared/files/files.module';
import { OrganisationFiles } from './infrastructure/organisation-files';
import { MikroStructureCatalog } from './infrastructure/structure-catalog';
import { ORGANISATION_MAIL_HANDLERS } from './jobs/organisation-mail.handlers';

/** Structures, services, bank accounts, structure documents, the public directory. Exposes StructureCatalog and StructureDisclosure. */
@Global()
@Module({
  imports: [FilesModule],
  controllers: [StructuresController, DirectoryController],
  providers: [
    OrganisationFiles,
    OrganisationSeed,
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
    { provide: StructureDisclosure, useClass: StructureDisclosurePolicy },
  ],
  exports: [StructureCatalog, StructureDisclosure],
})
export class OrganisationModule {
  constructor(references: FileReferences) {
    // Structure documents and bank proofs name their bytes in the shared store.
    references.register('stored_file', 'store_key');
  }
}
