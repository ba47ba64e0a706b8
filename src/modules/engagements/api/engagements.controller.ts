import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { formParts } from '../../../shared/http/multipart';
import { Idempotent } from '../../../shared/idempotency/idempotency';
import { UUID_PATTERN } from '../../../shared/domain/ids';
import { CreateEngagement, DeleteEngagement, GetEngagement, SearchEngagements, UpdateEngagement } from '../application/engagements.use-cases';
import { ImportEngagements } from '../application/import-engagements.use-case';
import { EngagementsErrors as E } from '../domain/engagements.errors';
import {
  CreateEngagementDto,
  EngagementDetailDto,
  EngagementImportReportDto,
  EngagementPageDto,
  EngagementSearchQueryDto,
  UpdateEngagementDto,
} from './engagements.dto';

const FIELD_ERRORS = [E.FIELD_REQUIRED, E.FIELD_INVALID, E.AMOUNT_INVALID, E.SUPPLIER_REQUIRED, E.SUPPLIER_NOT_FOUND, E.SUPPLIER_MISMATCH, E.SERVICE_NOT_FOUND];
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** Engagements (legal commitments): the issuer records and manages them, its suppliers find those made to them. */
@ApiTags('engagements')
@Controller('api/v1/engagements')
export class EngagementsController {
  constructor(
    private readonly create: CreateEngagement,
    private readonly getOne: GetEngagement,
    private readonly searching: SearchEngagements,
    private readonly update: UpdateEngagement,
    private readonly remove: DeleteEngagement,
    private readonly importer: ImportEngagements,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createEngagement', summary: 'Record an engagement of a public structure for a supplier (Engagements – modification)' })
  @ApiCreatedResponse({ type: EngagementDetailDto })
  @ApiProblems([CommonErrors.FORBIDDEN, E.ISSUER_NOT_PUBLIC, E.NUMBER_TAKEN, ...FIELD_ERRORS])
  @Idempotent()
  async createEngagement(@CurrentActor() actor: Actor, @Body() body: CreateEngagementDto): Promise<EngagementDetailDto> {
    return { ...(await this.create.execute(actor, body)), invoices: [] };
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'importEngagements',
    summary: 'Record engagements from a CSV file (multipart: structureId, file): each line created or refused with its reasons',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['structureId', 'file'], properties: { structureId: { type: 'string', format: 'uuid' }, file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: EngagementImportReportDto })
  @ApiProblems([
    CommonErrors.FORBIDDEN, CommonErrors.UNSUPPORTED_MEDIA_TYPE, CommonErrors.PAYLOAD_TOO_LARGE, E.ISSUER_NOT_PUBLIC, E.IMPORT_FILE_REQUIRED,
    E.IMPORT_HEADER_INVALID, E.IMPORT_TOO_LARGE, E.FIELD_INVALID,
  ], { validated: false })
  async importEngagements(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<EngagementImportReportDto> {
    if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    let structureId: string | undefined;
    let content: Buffer | undefined;
    for await (const part of formParts(request, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } })) {
      if (part.type === 'file') content ??= await part.toBuffer();
      else if (part.fieldname === 'structureId') structureId = String(part.value).trim();
    }
    if (!structureId || !UUID_PATTERN.test(structureId)) {
      throw new DomainError(E.FIELD_INVALID, { field: 'structureId', detail: 'a structure id (UUID)' }, 'structureId');
    }
    if (!content || content.length === 0) throw new DomainError(E.IMPORT_FILE_REQUIRED, {}, 'file');
    return this.importer.execute(actor, structureId, content.toString('utf8'));
  }

  @Get()
  @ApiOperation({ operationId: 'searchEngagements', summary: 'Engagements my structures issued or received (Engagements – consultation), with what is left of each' })
  @ApiOkResponse({ type: EngagementPageDto })
  @ApiProblems([])
  searchEngagements(@CurrentActor() actor: Actor, @Query() query: EngagementSearchQueryDto): Promise<EngagementPageDto> {
    return this.searching.page(actor, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getEngagement', summary: 'One engagement: amount, consumed, what is left, and the invoices charged to it' })
  @ApiOkResponse({ type: EngagementDetailDto })
  @ApiProblems([E.ENGAGEMENT_NOT_FOUND], { validated: false })
  getEngagement(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EngagementDetailDto> {
    return this.getOne.execute(actor, id) as Promise<EngagementDetailDto>;
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateEngagement', summary: 'Change an engagement (issuer, Engagements – modification); INACTIVE stops new invoices' })
  @ApiOkResponse({ type: EngagementDetailDto })
  @ApiProblems([CommonErrors.FORBIDDEN, E.ENGAGEMENT_NOT_FOUND, E.NUMBER_TAKEN, E.FROZEN_ONCE_USED, E.AMOUNT_BELOW_CONSUMED, ...FIELD_ERRORS])
  updateEngagement(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateEngagementDto): Promise<EngagementDetailDto> {
    return this.update.execute(actor, id, body) as Promise<EngagementDetailDto>;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteEngagement', summary: 'Delete an engagement no invoice was charged to (otherwise deactivate it)' })
  @ApiNoContentResponse()
  @ApiProblems([CommonErrors.FORBIDDEN, E.ENGAGEMENT_NOT_FOUND, E.IN_USE], { validated: false })
  async deleteEngagement(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.remove.execute(actor, id);
  }
}
