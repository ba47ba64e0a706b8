import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems';
import { FlowDeposits } from '../contracts/api-mode';
import { InvoicingErrors as E } from '../domain/invoicing.errors';
import { FlowReportDto } from './flows.dto';

/** Deposited flows (`/cpro/factures/v1/deposer/flux`) as the REST API sees them. */
@ApiTags('flows')
@Controller('api/v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowDeposits) {}

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
