import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { FLOW_SYNTAXES, isFlowSyntax, preflight, recognisedSyntax, type FlowSyntax } from '../../../lib/einvoice';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { formParts } from '../../../shared/http/multipart';
import { MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { FlowDeposits } from '../contracts/api-mode';
import { InvoicingErrors as E } from '../domain/invoicing.errors';
import { FlowDepositedDto, FlowReportDto, PreflightResultDto } from './flows.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

/** Deposited flows (`/cpro/factures/v1/deposer/flux`) as the REST API sees them. */
@ApiTags('flows')
@Controller('api/v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowDeposits) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'depositFlow',
    summary: 'Deposit a UBL, CII or Factur-X invoice (or an archive of them, with `syntax`), as /cpro deposer/flux does',
    description:
      'The portal’s way to deposit structured invoices: the file becomes a flow, processed by the workers exactly as an ERP’s ' +
      '(the same reader, EN 16931 rules, platform rules and duplicate check); each valid document becomes a submitted invoice of ' +
      '`structureId`, and `GET /api/v1/flows/{flowNumber}/report` answers what happened to each. Needs Factures émises (modification) ' +
      'on the structure. Multipart: `file` (at most 10 MB), `structureId`, optionally `syntax` (recognised from the content when absent).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'structureId'],
      properties: { file: { type: 'string', format: 'binary' }, structureId: { type: 'string', format: 'uuid' }, syntax: { type: 'string', example: 'IN_DP_E1_UBL_INVOICE' } },
    },
  })
  @ApiAcceptedResponse({ type: FlowDepositedDto })
  @ApiProblems([E.FILE_MISSING, E.FILE_TOO_LARGE, E.FLOW_SYNTAX_UNKNOWN, CommonErrors.FORBIDDEN, CommonErrors.UNSUPPORTED_MEDIA_TYPE, CommonErrors.PAYLOAD_TOO_LARGE])
  @Idempotent()
  async depositFlow(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<FlowDepositedDto> {
    const form = await this.readForm(request);
    const structureId = form.fields.structureId ?? '';
    if (!isUUID(structureId)) throw new DomainError(CommonErrors.VALIDATION_FAILED, {}, 'structureId');
    const report = await this.flows.deposit(actor, {
      structureId,
      syntax: form.syntax ?? recognisedSyntax(form.file.content),
      fileName: flowFileName(form.file.name),
      content: form.file.content,
      withSignature: false,
    });
    return { flowNumber: report.flowNumber, syntax: report.syntax, state: report.state, depositedAt: report.depositedAt.toISOString(), ...(report.duplicate ? { duplicate: true } : {}) };
  }

  @Post('preflight')
  @ApiOperation({
    operationId: 'preflightFlow',
    summary: 'Validate a file as a deposit would (UBL, CII, Factur-X PDF, or an archive with `syntax`), without depositing it',
    description:
      'The same reader and EN 16931 rules as `deposer/flux`, the same findings. What depends on the platform’s data (the recipient and ' +
      'its services, the number’s uniqueness) is checked at deposit only. Multipart: `file`, and optionally `syntax` (a flow syntax ' +
      'code, e.g. IN_DP_E1_UBL_INVOICE; recognised from the content when absent). Nothing is stored.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, syntax: { type: 'string', example: 'IN_DP_E1_UBL_INVOICE' } } } })
  @ApiOkResponse({ type: PreflightResultDto })
  @ApiProblems([E.FILE_MISSING, E.FILE_TOO_LARGE, E.FLOW_SYNTAX_UNKNOWN, CommonErrors.UNSUPPORTED_MEDIA_TYPE, CommonErrors.PAYLOAD_TOO_LARGE])
  async preflightFlow(@Req() request: FastifyRequest): Promise<PreflightResultDto> {
    const form = await this.readForm(request);
    return preflight(form.file.content, form.file.name, form.syntax);
  }

  /** `file` (whole: a flow is read whole, at most 10 MB here), `syntax` checked, other text fields as sent. */
  private async readForm(request: FastifyRequest): Promise<{ file: { name: string; content: Buffer }; syntax?: FlowSyntax; fields: Record<string, string> }> {
    if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    let file: { name: string; content: Buffer } | undefined;
    const fields: Record<string, string> = {};
    for await (const part of formParts(request, { limits: { fileSize: MAX_INVOICE_FILE_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.file.truncated) throw new DomainError(E.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
        file = { name: part.filename || 'fichier', content };
      } else {
        fields[part.fieldname] = String(part.value).trim();
      }
    }
    if (!file) throw new DomainError(E.FILE_MISSING, {}, 'file');
    const syntax = fields.syntax || undefined;
    if (syntax !== undefined && !isFlowSyntax(syntax)) {
      throw new DomainError(E.FLOW_SYNTAX_UNKNOWN, { syntax: syntax.slice(0, 60), allowed: FLOW_SYNTAXES.join(', ') }, 'syntax');
    }
    return { file, syntax, fields };
  }

  @Get(':flowNumber/report')
  @ApiOperation({
    operationId: 'getFlowReport',
    summary: "A deposited flow's validation report: its state, and for each invoice document the invoice it became or every finding that refused it",
    description:
      'Same access as the flow’s other reads: SUIVI_FLUX or FACTURES_EMISES (consultation) on the depositing structure. ' +
      'A document is `valid` only when it was integrated and no finding is fatal or an error.',
  })
  @ApiOkResponse({ type: FlowReportDto })
  @ApiProblems([E.FLOW_NOT_FOUND], { validated: false })
  async getFlowReport(@CurrentActor() actor: Actor, @Param('flowNumber') flowNumber: string): Promise<FlowReportDto> {
    const report = await this.flows.report(actor, flowNumber);
    if (!report) throw new DomainError(E.FLOW_NOT_FOUND, { flowNumber: flowNumber.slice(0, 40) });
    return {
      flowNumber: report.flowNumber,
      syntax: report.syntax,
      fileName: report.fileName,
      depositedAt: report.depositedAt.toISOString(),
      state: report.state,
      stateChangedAt: report.stateChangedAt.toISOString(),
      final: report.final,
      findings: report.findings,
      documents: report.documents,
    };
  }
}

/** A flow's file name: its base name, at most 50 characters (PISTE's limit), the extension kept. */
function flowFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').trim() || 'flux';
  if (base.length <= 50) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 50 - extension.length) + extension;
}
