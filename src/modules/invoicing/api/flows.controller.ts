import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { FLOW_SYNTAXES, isFlowSyntax, preflight } from '../../../lib/einvoice';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { formParts } from '../../../shared/http/multipart';
import { MAX_INVOICE_FILE_BYTES } from '../domain/submission-rules';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { FlowDeposits } from '../contracts/api-mode';
import { InvoicingErrors as E } from '../domain/invoicing.errors';
import { FlowReportDto, PreflightResultDto } from './flows.dto';

/** Deposited flows (`/cpro/factures/v1/deposer/flux`) as the REST API sees them. */
@ApiTags('flows')
@Controller('api/v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowDeposits) {}

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
    if (!request.isMultipart()) throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE);
    let file: { name: string; content: Buffer } | undefined;
    let syntax: string | undefined;
    for await (const part of formParts(request, { limits: { fileSize: MAX_INVOICE_FILE_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.file.truncated) throw new DomainError(E.FILE_TOO_LARGE, { limit: '10 Mo' }, 'file');
        file = { name: part.filename || 'fichier', content };
      } else if (part.fieldname === 'syntax') {
        syntax = String(part.value).trim() || undefined;
      }
    }
    if (!file) throw new DomainError(E.FILE_MISSING, {}, 'file');
    if (syntax !== undefined && !isFlowSyntax(syntax)) throw new DomainError(E.FLOW_SYNTAX_UNKNOWN, { syntax: syntax.slice(0, 60), allowed: FLOW_SYNTAXES.join(', ') }, 'syntax');
    return preflight(file.content, file.name, syntax);
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
