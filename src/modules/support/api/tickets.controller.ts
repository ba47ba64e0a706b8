import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiCsvFileResponse, csvDownload, fileDownload } from '../../../shared/http/downloads';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { OpenTicket } from '../application/open-ticket.use-case';
import { ExportTickets, GetTicket, SearchTickets } from '../application/read.use-cases';
import { AddTicketFile, AddTicketMessage, ChangeTicketStatus, DownloadTicketFile } from '../application/ticket-actions.use-cases';
import { SupportErrors as E } from '../domain/support.errors';
import { IncomingTicketFile, TICKET_FILE_MAX_BYTES } from '../infrastructure/ticket-file-store';
import { OpenTicketDto, TicketCreatedDto, TicketDto, TicketFileDto, TicketFileUploadDto, TicketMessageDto, TicketPageDto, TicketSearchQueryDto, TicketTransitionDto } from './support.dto';
import { formParts } from '../../../shared/http/multipart';
import { Idempotent } from '../../../shared/idempotency/idempotency';


@ApiTags('support')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(
    private readonly open: OpenTicket,
    private readonly getOne: GetTicket,
    private readonly search: SearchTickets,
    private readonly exporter: ExportTickets,
    private readonly addMessage: AddTicketMessage,
    private readonly changeStatus: ChangeTicketStatus,
    private readonly addFile: AddTicketFile,
    private readonly downloadFile: DownloadTicketFile,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'openTicket',
    summary: 'Open a ticket (sollicitation) for one of my structures',
    description: '"M -" sub-categories go to the recipient structure of the invoice (or the public structure chosen); others to platform support.',
  })
  @ApiCreatedResponse({ type: TicketCreatedDto })
  @ApiProblems([
    CommonErrors.FORBIDDEN, E.SUB_CATEGORY_NOT_FOUND, E.OBJECT_REQUIRED, E.OBJECT_TYPE_INVALID, E.INVOICE_NOT_VISIBLE, E.INVOICE_NOT_WITH_RECIPIENT,
    E.RECEIVER_REQUIRED, E.RECEIVER_INVALID, E.EMITTER_SERVICE_NOT_FOUND, E.CONTACT_EMAIL_REQUIRED, E.CONTACT_EMAIL_NOT_ALLOWED, CommonErrors.BIDI_CONTROL_NOT_ALLOWED,
  ])
  @Idempotent()
  openTicket(@CurrentActor() actor: Actor, @Body() body: OpenTicketDto): Promise<TicketCreatedDto> {
    return this.open.execute(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'searchTickets', summary: 'My tickets, sent and received: views, keyword search, sort on every column, pagination' })
  @ApiOkResponse({ type: TicketPageDto })
  @ApiProblems([])
  searchTickets(@CurrentActor() actor: Actor, @Query() query: TicketSearchQueryDto): Promise<TicketPageDto> {
    return this.search.execute(actor, query);
  }

  @Get('export')
  @ApiOperation({ operationId: 'exportTickets', summary: 'CSV export of a ticket search (semicolon-separated, UTF-8), streamed' })
  @ApiCsvFileResponse()
  @ApiProblems([])
  async exportTickets(@CurrentActor() actor: Actor, @Query() query: TicketSearchQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return csvDownload(reply, 'sollicitations.csv', await this.exporter.execute(actor, query));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTicket', summary: 'One ticket: data, content, activity stream, files, and the invoice it concerns (current status)' })
  @ApiOkResponse({ type: TicketDto })
  @ApiProblems([E.TICKET_NOT_FOUND], { validated: false })
  getTicket(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TicketDto> {
    return this.getOne.execute(actor, id);
  }

  @Post(':id/messages')
  @ApiOperation({
    operationId: 'addTicketMessage',
    summary: 'Write in the activity stream (the emitter’s message on a ticket waiting for information answers it: back to OUVERT)',
  })
  @ApiCreatedResponse({ type: TicketDto })
  @ApiProblems([E.TICKET_NOT_FOUND, E.TICKET_CLOSED, E.MESSAGE_REQUIRED, CommonErrors.FORBIDDEN])
  @Idempotent()
  async addTicketMessage(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: TicketMessageDto): Promise<TicketDto> {
    await this.addMessage.execute(actor, id, body.message);
    return this.getOne.execute(actor, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({ operationId: 'changeTicketStatus', summary: 'Move the ticket: ask for information, resolve, answer, send back, close' })
  @ApiOkResponse({ type: TicketDto })
  @ApiProblems([E.TICKET_NOT_FOUND, E.TRANSITION_NOT_ALLOWED, E.MESSAGE_REQUIRED, CommonErrors.FORBIDDEN])
  async changeTicketStatus(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: TicketTransitionDto): Promise<TicketDto> {
    await this.changeStatus.execute(actor, id, body);
    return this.getOne.execute(actor, id);
  }

  @Post(':id/files')
  @ApiOperation({ operationId: 'addTicketFile', summary: 'Attach a file (multipart, part `file`): PDF, PNG, JPEG, GIF or ZIP, at most 10 MB' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: TicketFileUploadDto })
  @ApiCreatedResponse({ type: TicketFileDto })
  @ApiProblems([
    E.TICKET_NOT_FOUND, E.TICKET_CLOSED, E.FILE_REQUIRED, E.FILE_TOO_LARGE, E.FILE_TYPE_NOT_ALLOWED, CommonErrors.FORBIDDEN, CommonErrors.UNSUPPORTED_MEDIA_TYPE,
    CommonErrors.PAYLOAD_TOO_LARGE,
  ], { validated: false })
  @Idempotent()
  async addTicketFile(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<TicketFileDto> {
    if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    let upload: IncomingTicketFile | undefined;
    for await (const part of formParts(request, { limits: { fileSize: TICKET_FILE_MAX_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        upload ??= { fileName: part.filename || 'fichier', content };
      }
    }
    return this.addFile.execute(actor, id, upload);
  }

  @Get(':id/files/:fileId')
  @ApiOperation({ operationId: 'downloadTicketFile', summary: 'Download a file of the ticket (stream)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems([E.TICKET_NOT_FOUND, E.FILE_NOT_FOUND], { validated: false })
  async downloadTicketFile(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.downloadFile.execute(actor, id, fileId);
    return fileDownload(reply, file, stream);
  }
}
