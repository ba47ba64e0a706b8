import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { fileDownload } from '../../../shared/http/downloads';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { CurrentActor, CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { AddBankAccount, BANK_PROOF_MAX_BYTES, ListBankAccounts } from '../application/bank-accounts.use-cases';
import { AddStructureDocument, DownloadStructureDocument, ListStructureDocuments, STRUCTURE_DOCUMENT_MAX_BYTES } from '../application/documents.use-cases';
import { CreateService, ListServices, UpdateService } from '../application/services.use-cases';
import { ChangeStructureStatus, CreateStructure, GetStructure, UpdateStructure } from '../application/structures.use-cases';
import { OrganisationErrors } from '../domain/organisation.errors';
import {
  BankAccountDto,
  BankAccountFieldsDto,
  CreateServiceDto,
  CreateStructureDto,
  ServiceDto,
  StructureDocumentDto,
  StructureDocumentFieldsDto,
  StructureDto,
  UpdateServiceDto,
  UpdateStructureDto,
} from './organisation.dto';
import { readForm } from './multipart';
import { Idempotent } from '../../../shared/idempotency/idempotency';

const FILE_PROBLEMS = [OrganisationErrors.FILE_REQUIRED, OrganisationErrors.FILE_TOO_LARGE, OrganisationErrors.FILE_TYPE_NOT_ALLOWED, CommonErrors.PAYLOAD_TOO_LARGE, CommonErrors.UNSUPPORTED_MEDIA_TYPE];

function multipartSchema(fields: Record<string, { type: string; enum?: string[] }>, required: string[]) {
  return {
    schema: {
      type: 'object' as const,
      required: [...required, 'file'],
      properties: { ...fields, file: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG (checked by content)' } },
    },
  };
}

@ApiTags('structures')
@Controller('api/v1/structures')
export class StructuresController {
  constructor(
    private readonly create: CreateStructure,
    private readonly get: GetStructure,
    private readonly update: UpdateStructure,
    private readonly status: ChangeStructureStatus,
    private readonly createSvc: CreateService,
    private readonly listSvc: ListServices,
    private readonly updateSvc: UpdateService,
    private readonly addBank: AddBankAccount,
    private readonly listBank: ListBankAccounts,
    private readonly addDoc: AddStructureDocument,
    private readonly listDocs: ListStructureDocuments,
    private readonly downloadDoc: DownloadStructureDocument,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createStructure', summary: 'Create a structure; the caller becomes its principal manager' })
  @ApiCreatedResponse({ type: StructureDto })
  @ApiProblems([OrganisationErrors.STRUCTURE_ALREADY_EXISTS, OrganisationErrors.IDENTIFIER_INVALID, OrganisationErrors.PUBLIC_STRUCTURE_ADMIN_ONLY, OrganisationErrors.COMPANY_NAME_REQUIRED, CommonErrors.FORBIDDEN, CommonErrors.BIDI_CONTROL_NOT_ALLOWED])
  @Idempotent()
  createStructure(@CurrentUser() actor: UserActor, @Body() body: CreateStructureDto): Promise<StructureDto> {
    return this.create.execute(actor, body);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getStructure', summary: 'A structure (Organisation – consultation)' })
  @ApiOkResponse({ type: StructureDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND], { validated: false })
  getStructure(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StructureDto> {
    return this.get.execute(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateStructure', summary: 'Edit general data and parameters (Organisation – modification)' })
  @ApiOkResponse({ type: StructureDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND, CommonErrors.BIDI_CONTROL_NOT_ALLOWED])
  updateStructure(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateStructureDto): Promise<StructureDto> {
    return this.update.execute(actor, id, body);
  }

  @Post(':id/deactivation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'deactivateStructure', summary: 'Deactivate a structure (its members are notified)' })
  @ApiOkResponse({ type: StructureDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND, OrganisationErrors.STRUCTURE_STATUS_CONFLICT], { validated: false })
  deactivateStructure(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StructureDto> {
    return this.status.deactivate(actor, id);
  }

  @Post(':id/reactivation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reactivateStructure', summary: 'Reactivate a structure' })
  @ApiOkResponse({ type: StructureDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND, OrganisationErrors.STRUCTURE_STATUS_CONFLICT], { validated: false })
  reactivateStructure(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StructureDto> {
    return this.status.reactivate(actor, id);
  }

  @Post(':id/services')
  @ApiOperation({ operationId: 'createService', summary: 'Add a service (code unique within the structure)' })
  @ApiCreatedResponse({ type: ServiceDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND, OrganisationErrors.SERVICE_CODE_ALREADY_USED, OrganisationErrors.SERVICE_DATES_INVALID, CommonErrors.BIDI_CONTROL_NOT_ALLOWED])
  @Idempotent()
  createService(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateServiceDto): Promise<ServiceDto> {
    return this.createSvc.execute(actor, id, body);
  }

  @Get(':id/services')
  @ApiOperation({ operationId: 'listServices', summary: 'Services of a structure' })
  @ApiOkResponse({ type: ServiceDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  listServices(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ServiceDto[]> {
    return this.listSvc.execute(actor, id);
  }

  @Patch(':id/services/:serviceId')
  @ApiOperation({ operationId: 'updateService', summary: 'Edit, activate or deactivate a service' })
  @ApiOkResponse({ type: ServiceDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.SERVICE_NOT_FOUND, OrganisationErrors.SERVICE_CODE_ALREADY_USED, OrganisationErrors.SERVICE_DATES_INVALID, CommonErrors.BIDI_CONTROL_NOT_ALLOWED])
  updateService(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('serviceId', ParseUUIDPipe) serviceId: string,
    @Body() body: UpdateServiceDto,
  ): Promise<ServiceDto> {
    return this.updateSvc.execute(actor, id, serviceId, body);
  }

  @Post(':id/bank-accounts')
  @ApiConsumes('multipart/form-data')
  @ApiBody(
    multipartSchema(
      {
        name: { type: 'string' },
        accountType: { type: 'string', enum: ['IBAN', 'RIB'] },
        country: { type: 'string' },
        iban: { type: 'string' },
        bic: { type: 'string' },
        bankCode: { type: 'string' },
        branchCode: { type: 'string' },
        accountNumber: { type: 'string' },
        ribKey: { type: 'string' },
        factorCompanyName: { type: 'string' },
        factorCountry: { type: 'string' },
        factorIdentifier: { type: 'string' },
        factorIdentifierType: { type: 'string' },
      },
      ['name', 'accountType'],
    ),
  )
  @ApiOperation({ operationId: 'addBankAccount', summary: 'Add a bank account (IBAN+BIC or RIB, keys checked) with its supporting file (≤ 10 MB)' })
  @ApiCreatedResponse({ type: BankAccountDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND, OrganisationErrors.BANK_DETAILS_INVALID, ...FILE_PROBLEMS])
  @Idempotent()
  async addBankAccount(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<BankAccountDto> {
    const { fields, file } = await readForm(request, BankAccountFieldsDto, BANK_PROOF_MAX_BYTES);
    const factor =
      fields.factorCompanyName && fields.factorCountry && fields.factorIdentifier && fields.factorIdentifierType
        ? { companyName: fields.factorCompanyName, country: fields.factorCountry, identifier: fields.factorIdentifier, identifierType: fields.factorIdentifierType }
        : undefined;
    return this.addBank.execute(actor, id, { ...fields, factor }, file);
  }

  @Get(':id/bank-accounts')
  @ApiOperation({ operationId: 'listBankAccounts', summary: 'Bank accounts of a structure' })
  @ApiOkResponse({ type: BankAccountDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  listBankAccounts(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<BankAccountDto[]> {
    return this.listBank.execute(actor, id);
  }

  @Post(':id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody(multipartSchema({ label: { type: 'string' } }, []))
  @ApiOperation({ operationId: 'addStructureDocument', summary: 'Upload a structure document (≤ 4 MB; PDF, PNG, JPEG)' })
  @ApiCreatedResponse({ type: StructureDocumentDto })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.STRUCTURE_NOT_FOUND, ...FILE_PROBLEMS])
  @Idempotent()
  async addStructureDocument(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<StructureDocumentDto> {
    const { fields, file } = await readForm(request, StructureDocumentFieldsDto, STRUCTURE_DOCUMENT_MAX_BYTES);
    return this.addDoc.execute(actor, id, fields.label, file);
  }

  @Get(':id/documents')
  @ApiOperation({ operationId: 'listStructureDocuments', summary: 'Documents of a structure' })
  @ApiOkResponse({ type: StructureDocumentDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  listStructureDocuments(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StructureDocumentDto[]> {
    return this.listDocs.execute(actor, id);
  }

  @Get(':id/documents/:documentId/content')
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOperation({ operationId: 'downloadStructureDocument', summary: 'Download a structure document' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems([CommonErrors.FORBIDDEN, OrganisationErrors.DOCUMENT_NOT_FOUND], { validated: false })
  async downloadStructureDocument(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.downloadDoc.execute(actor, id, documentId);
    return fileDownload(reply, file, stream);
  }
}
