import { BODY_LIMITS, BodyLimit } from '../../../shared/http/body-limits';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiCsvFileResponse, csvDownload, fileDownload } from '../../../shared/http/downloads';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { EngagementChargeErrors } from '../../engagements/contracts/engagements';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { CreateDraft, DeleteDraft, DuplicateInvoice, UpdateDraft } from '../application/draft.use-cases';
import { AddInvoiceFile, DownloadInvoiceFile, ReceivedFile } from '../application/files.use-cases';
import { DownloadInvoiceDocument, GetDepositCertificate } from '../application/documents.use-cases';
import { GetInvoiceStatuses } from '../application/invoice-statuses.use-case';
import { ExportInvoices, GetInvoice, SearchInvoices } from '../application/read.use-cases';
import { SubmitInvoice } from '../application/submit-invoice.use-case';
import { InvoicingErrors as E } from '../domain/invoicing.errors';
import { MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { CreateDraftDto, InvoiceDocumentQueryDto, InvoiceDto, InvoiceFileDto, InvoiceFileUploadDto, InvoiceIdDto, InvoicePageDto, InvoiceSearchQueryDto, InvoiceStatusesDto, InvoiceStatusQueryDto, UpdateDraftDto } from './invoices.dto';
import { formParts } from '../../../shared/http/multipart';
import { Idempotent } from '../../../shared/idempotency/idempotency';

/** The input rules of every entry path (domain/input-rules.ts). */
const INPUT_ERRORS = [E.INVOICE_DATE_INVALID, E.INVOICE_DATE_OUT_OF_RANGE, CommonErrors.BIDI_CONTROL_NOT_ALLOWED];

const SUBMISSION_ERRORS = [
  E.INVOICE_NOT_FOUND, E.NOT_A_DRAFT, E.FIELD_REQUIRED, E.RECIPIENT_NOT_FOUND, E.RECIPIENT_NOT_PUBLIC, E.RECIPIENT_INACTIVE, E.SERVICE_NOT_FOUND,
  E.SERVICE_INACTIVE, E.SERVICE_CODE_REQUIRED, E.ENGAGEMENT_REQUIRED, E.SERVICE_CODE_OR_ENGAGEMENT_REQUIRED, E.SERVICE_ENGAGEMENT_REQUIRED,
  E.TOTALS_INCONSISTENT, E.BILLING_FRAMEWORK_UNSUPPORTED, E.MAIN_FILE_REQUIRED, E.DUPLICATE_NUMBER, CommonErrors.FORBIDDEN, ...INPUT_ERRORS,
  ...Object.values(EngagementChargeErrors),
];


@ApiTags('invoices')
@Controller('api/v1/invoices')
export class InvoicesController {
  constructor(
    private readonly createDraft: CreateDraft,
    private readonly updateDraft: UpdateDraft,
    private readonly deleteDraft: DeleteDraft,
    private readonly duplicate: DuplicateInvoice,
    private readonly addFile: AddInvoiceFile,
    private readonly downloadFile: DownloadInvoiceFile,
    private readonly submit: SubmitInvoice,
    private readonly getOne: GetInvoice,
    private readonly search: SearchInvoices,
    private readonly exporter: ExportInvoices,
    private readonly documentDownload: DownloadInvoiceDocument,
    private readonly depositCertificate: GetDepositCertificate,
    private readonly statuses: GetInvoiceStatuses,
  ) {}

  @Post()
  @BodyLimit(BODY_LIMITS.invoice)
  @ApiOperation({ operationId: 'createInvoiceDraft', summary: 'Start an invoice (draft); nothing is checked but the supplier rights and known references' })
  @ApiCreatedResponse({ type: InvoiceIdDto })
  @ApiProblems([CommonErrors.FORBIDDEN, E.SUPPLIER_SERVICE_NOT_FOUND, E.RECIPIENT_NOT_FOUND, ...INPUT_ERRORS])
  @Idempotent()
  async createInvoiceDraft(@CurrentActor() actor: Actor, @Body() body: CreateDraftDto): Promise<InvoiceIdDto> {
    return { id: await this.createDraft.execute(actor, body) };
  }

  @Get()
  @ApiOperation({ operationId: 'searchInvoices', summary: 'Search invoices as supplier (Factures émises) or recipient (Factures reçues)' })
  @ApiOkResponse({ type: InvoicePageDto })
  @ApiProblems([E.ROLE_INVALID])
  searchInvoices(@CurrentActor() actor: Actor, @Query() query: InvoiceSearchQueryDto): Promise<InvoicePageDto> {
    return this.search.execute(actor, query);
  }

  @Get('export')
  @ApiOperation({ operationId: 'exportInvoices', summary: 'CSV export of a search (semicolon-separated, UTF-8), streamed' })
  @ApiCsvFileResponse()
  @ApiProblems([E.ROLE_INVALID])
  async exportInvoices(@CurrentActor() actor: Actor, @Query() query: InvoiceSearchQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return csvDownload(reply, 'factures.csv', await this.exporter.execute(actor, query));
  }

  @Post('statuses')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'getInvoiceStatuses',
    summary:
      'Current status of up to 100 invoices by id or number, in one call (a read: nothing is created, retry freely). Each as the caller may read it (side, status, reform code, status date, number); ids and numbers it may not read are listed in notFound like unknown ones',
  })
  @ApiOkResponse({ type: InvoiceStatusesDto })
  @ApiProblems([E.STATUS_QUERY_TOO_LARGE])
  getInvoiceStatuses(@CurrentActor() actor: Actor, @Body() body: InvoiceStatusQueryDto): Promise<InvoiceStatusesDto> {
    return this.statuses.execute(actor, body);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getInvoice', summary: 'One invoice with its current status, reform code, payment deadline and files' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiProblems([E.INVOICE_NOT_FOUND], { validated: false })
  getInvoice(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InvoiceDto> {
    return this.getOne.execute(actor, id);
  }

  @Patch(':id')
  @HttpCode(204)
  @BodyLimit(BODY_LIMITS.invoice)
  @ApiOperation({ operationId: 'updateInvoiceDraft', summary: 'Edit a draft (absent = unchanged, null = cleared)' })
  @ApiNoContentResponse()
  @ApiProblems([E.INVOICE_NOT_FOUND, E.NOT_A_DRAFT, CommonErrors.FORBIDDEN, E.SUPPLIER_SERVICE_NOT_FOUND, E.RECIPIENT_NOT_FOUND, ...INPUT_ERRORS])
  async updateInvoiceDraft(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateDraftDto): Promise<void> {
    await this.updateDraft.execute(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteInvoiceDraft', summary: 'Delete a draft (and its files)' })
  @ApiNoContentResponse()
  @ApiProblems([E.INVOICE_NOT_FOUND, E.NOT_A_DRAFT, CommonErrors.FORBIDDEN], { validated: false })
  async deleteInvoiceDraft(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.deleteDraft.execute(actor, id);
  }

  @Post(':id/duplicate')
  @ApiOperation({ operationId: 'duplicateInvoice', summary: 'Copy an invoice into a new draft (number and files not copied)' })
  @ApiCreatedResponse({ type: InvoiceIdDto })
  @ApiProblems([E.INVOICE_NOT_FOUND, CommonErrors.FORBIDDEN], { validated: false })
  @Idempotent()
  async duplicateInvoice(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InvoiceIdDto> {
    return { id: await this.duplicate.execute(actor, id) };
  }

  @Post(':id/files')
  @ApiOperation({ operationId: 'addInvoiceFile', summary: 'Attach a file (multipart: kind=main|additional, file); main = PDF, at most 10 MB' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: InvoiceFileUploadDto })
  @ApiCreatedResponse({ type: InvoiceFileDto })
  @ApiProblems([E.INVOICE_NOT_FOUND, E.FILE_KIND_INVALID, E.FILE_MISSING, E.FILE_TOO_LARGE, E.FILE_NOT_PDF, E.FILES_NOT_ALLOWED, CommonErrors.FORBIDDEN, CommonErrors.UNSUPPORTED_MEDIA_TYPE, CommonErrors.PAYLOAD_TOO_LARGE, CommonErrors.BIDI_CONTROL_NOT_ALLOWED])
  @Idempotent()
  async addInvoiceFile(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest, @Query('kind') kindQuery?: string): Promise<InvoiceFileDto> {
    if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    let kind = kindQuery;
    // The file is read as it arrives (hashed, and written straight to disk with FILE_STORE_DIR, or to the
    // bucket one 5 MiB part at a time with FILE_STORE=s3); `kind` may come before or after it.
    let upload: { fileName: string; mediaType: string; received: ReceivedFile } | undefined;
    try {
      for await (const part of formParts(request, { limits: { fileSize: MAX_INVOICE_FILE_BYTES, files: 1 } })) {
        if (part.type === 'file') {
          const received = await this.addFile.receive(part.file);
          upload = { fileName: part.filename || 'fichier', mediaType: part.mimetype || 'application/octet-stream', received };
          if (part.file.truncated) throw new DomainError(E.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
        } else if (part.fieldname === 'kind') {
          kind = String(part.value);
        }
      }
    } catch (error) {
      if (upload) await this.addFile.discard(upload.received);
      throw error;
    }
    if (!upload) throw new DomainError(E.FILE_MISSING, {}, 'file');
    return this.addFile.execute(actor, id, { kind: kind ?? '', ...upload });
  }

  @Get(':id/files/:fileId')
  @ApiOperation({ operationId: 'downloadInvoiceFile', summary: 'Download a file of the invoice (stream)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems([E.INVOICE_NOT_FOUND, E.FILE_NOT_FOUND], { validated: false })
  async downloadInvoiceFile(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.downloadFile.execute(actor, id, fileId);
    return fileDownload(reply, file, stream);
  }

  @Get(':id/document')
  @ApiOperation({
    operationId: 'downloadInvoiceDocument',
    summary: 'The invoice as a document: without format, its legal document (the deposited PDF, else a Factur-X rendered by the platform); facturx, cii (CII D16B) or ubl (UBL 2.1), EN 16931',
  })
  @ApiProduces('application/pdf', 'application/xml')
  @ApiOkResponse({
    description: 'The document',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } }, 'application/xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems([E.INVOICE_NOT_FOUND, E.DOCUMENT_OF_DRAFT, E.DOCUMENT_NOT_FACTURX, E.FILE_NOT_FOUND])
  async downloadInvoiceDocument(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: InvoiceDocumentQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.documentDownload.execute(actor, id, query.format);
    return fileDownload(reply, file, stream);
  }

  @Get(':id/deposit-certificate')
  @ApiOperation({
    operationId: 'getDepositCertificate',
    summary: 'Deposit certificate (accusé de dépôt, PDF/A): number, dates, parties, amounts, SHA-256 of every file; supplier side only',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems([E.INVOICE_NOT_FOUND, E.DOCUMENT_OF_DRAFT, CommonErrors.FORBIDDEN], { validated: false })
  async getDepositCertificate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { file, stream } = await this.depositCertificate.execute(actor, id);
    return fileDownload(reply, file, stream);
  }

  @Post(':id/submission')
  @HttpCode(204)
  @ApiOperation({ operationId: 'submitInvoice', summary: 'Validate and send: every submission rule, then DEPOSEE and routing to the recipient' })
  @ApiNoContentResponse()
  @ApiProblems(SUBMISSION_ERRORS, { validated: false })
  async submitInvoice(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.submit.execute(actor, id);
  }
}
