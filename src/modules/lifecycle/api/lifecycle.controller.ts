import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { CurrentActor, CurrentUser } from '../../../shared/auth/decorators';
import { EngagementChargeErrors } from '../../engagements/contracts/engagements';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { LifecycleView } from '../contracts/lifecycle';
import { GetInvoiceNotificationPreferences, SetInvoiceNotificationPreference } from '../application/notification-preferences.use-cases';
import { AcknowledgeRejection, ChangeInvoiceStatus, CompleteInvoice, RecycleInvoice } from '../application/processing.use-cases';
import { GetAllowedTransitions, GetInvoiceHistory, GetInvoicesToValidate, GetSupplierWorklist } from '../application/read.use-cases';
import { InvoiceStatus } from '../domain/invoice-status';
import { LifecycleErrors as L } from '../domain/lifecycle.errors';
import { InvoiceNotificationKind } from '../domain/notification-opt-out.entity';
import {
  AllowedTransitionsDto,
  CompletionDto,
  HistoryItemDto,
  LifecycleStateDto,
  NotificationPreferenceDto,
  RecyclingDto,
  TransitionDto,
  ValidationDecisionDto,
  ValidatorListQueryDto,
  WorklistItemDto,
} from './lifecycle.dto';

const toDto = (v: LifecycleView): LifecycleStateDto => ({
  ...v,
  statusChangedAt: v.statusChangedAt.toISOString(),
  madeAvailableAt: v.madeAvailableAt?.toISOString() ?? null,
});

const ACTION_ERRORS = [L.INVOICE_NOT_FOUND, L.ILLEGAL_TRANSITION, L.CONCURRENT_UPDATE, CommonErrors.FORBIDDEN];

@ApiTags('invoice lifecycle')
@Controller('api/v1')
export class LifecycleController {
  constructor(
    private readonly history: GetInvoiceHistory,
    private readonly allowed: GetAllowedTransitions,
    private readonly worklist: GetSupplierWorklist,
    private readonly toValidate: GetInvoicesToValidate,
    private readonly changeStatus: ChangeInvoiceStatus,
    private readonly complete: CompleteInvoice,
    private readonly recycle: RecycleInvoice,
    private readonly acknowledge: AcknowledgeRejection,
    private readonly getPreferences: GetInvoiceNotificationPreferences,
    private readonly setPreference: SetInvoiceNotificationPreference,
  ) {}

  @Get('invoices/worklist')
  @ApiOperation({ operationId: 'getInvoiceWorklist', summary: 'Supplier work list: drafts, to recycle, suspended, rejections not acknowledged' })
  @ApiOkResponse({ type: WorklistItemDto, isArray: true })
  @ApiProblems([], { validated: false })
  getInvoiceWorklist(@CurrentActor() actor: Actor): Promise<WorklistItemDto[]> {
    return this.worklist.execute(actor);
  }

  @Get('invoices/to-validate')
  @ApiOperation({ operationId: 'getInvoicesToValidate', summary: '« Factures à valider »: invoices naming one of my structures as validator (A9, A12)' })
  @ApiOkResponse({ type: WorklistItemDto, isArray: true })
  @ApiProblems([])
  getInvoicesToValidate(@CurrentActor() actor: Actor, @Query() query: ValidatorListQueryDto): Promise<WorklistItemDto[]> {
    return this.toValidate.execute(actor, query.status ? [query.status as InvoiceStatus] : undefined);
  }

  @Post('invoices/:id/validation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'decideInvoiceValidation', summary: 'Validator validates (VALIDEE_1) or refuses with a reason (REFUSEE_1) an invoice A_VALIDER_1' })
  @ApiOkResponse({ type: LifecycleStateDto })
  @ApiProblems([...ACTION_ERRORS, L.REASON_REQUIRED])
  async decideInvoiceValidation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ValidationDecisionDto): Promise<LifecycleStateDto> {
    return toDto(await this.changeStatus.execute(actor, id, body, 'VALIDATOR'));
  }

  @Get('invoices/:id/history')
  @ApiOperation({ operationId: 'getInvoiceHistory', summary: 'Status history, newest first' })
  @ApiOkResponse({ type: HistoryItemDto, isArray: true })
  @ApiProblems([L.INVOICE_NOT_FOUND], { validated: false })
  getInvoiceHistory(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HistoryItemDto[]> {
    return this.history.execute(actor, id);
  }

  @Get('invoices/:id/allowed-transitions')
  @ApiOperation({ operationId: 'getAllowedInvoiceTransitions', summary: 'Statuses the caller may set now' })
  @ApiOkResponse({ type: AllowedTransitionsDto })
  @ApiProblems([L.INVOICE_NOT_FOUND], { validated: false })
  getAllowedInvoiceTransitions(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AllowedTransitionsDto> {
    return this.allowed.execute(actor, id);
  }

  @Post('invoices/:id/transitions')
  @HttpCode(200)
  @ApiOperation({ operationId: 'changeInvoiceStatus', summary: 'Recipient processing: set a new status (reason / mandate number when required)' })
  @ApiOkResponse({ type: LifecycleStateDto })
  @ApiProblems([...ACTION_ERRORS, L.REASON_REQUIRED, L.MANDATE_NUMBER_REQUIRED, L.STATUS_UNKNOWN])
  async changeInvoiceStatus(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto): Promise<LifecycleStateDto> {
    return toDto(await this.changeStatus.execute(actor, id, body));
  }

  @Post('invoices/:id/completion')
  @HttpCode(200)
  @ApiOperation({ operationId: 'completeInvoice', summary: 'Supplier completes a suspended invoice (SUSPENDUE → COMPLETEE)' })
  @ApiOkResponse({ type: LifecycleStateDto })
  @ApiProblems(ACTION_ERRORS)
  async completeInvoice(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CompletionDto): Promise<LifecycleStateDto> {
    return toDto(await this.complete.execute(actor, id, body.comment));
  }

  @Post('invoices/:id/recycling')
  @HttpCode(200)
  @ApiOperation({ operationId: 'recycleInvoice', summary: 'Supplier recycles an A_RECYCLER invoice with corrected routing (same number)' })
  @ApiOkResponse({ type: LifecycleStateDto })
  @ApiProblems([...ACTION_ERRORS, ...Object.values(EngagementChargeErrors)])
  async recycleInvoice(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RecyclingDto): Promise<LifecycleStateDto> {
    return toDto(await this.recycle.execute(actor, id, body));
  }

  @Post('invoices/:id/rejection-acknowledgement')
  @HttpCode(200)
  @ApiOperation({ operationId: 'acknowledgeInvoiceRejection', summary: 'Supplier acknowledges a rejection (status stays REJETEE)' })
  @ApiOkResponse({ type: LifecycleStateDto })
  @ApiProblems([L.INVOICE_NOT_FOUND, L.NOT_REJECTED, L.ALREADY_ACKNOWLEDGED, L.CONCURRENT_UPDATE, CommonErrors.FORBIDDEN], { validated: false })
  async acknowledgeInvoiceRejection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<LifecycleStateDto> {
    return toDto(await this.acknowledge.execute(actor, id));
  }

  @Get('me/invoice-notifications')
  @ApiOperation({ operationId: 'getInvoiceNotificationPreferences', summary: 'Which invoice e-mails I receive' })
  @ApiOkResponse({ type: NotificationPreferenceDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  getInvoiceNotificationPreferences(@CurrentUser() actor: UserActor): Promise<NotificationPreferenceDto[]> {
    return this.getPreferences.execute(actor);
  }

  @Put('me/invoice-notifications')
  @HttpCode(204)
  @ApiOperation({ operationId: 'setInvoiceNotificationPreference', summary: 'Turn one kind of invoice e-mail on or off' })
  @ApiNoContentResponse()
  @ApiProblems([CommonErrors.FORBIDDEN])
  async setInvoiceNotificationPreference(@CurrentUser() actor: UserActor, @Body() body: NotificationPreferenceDto): Promise<void> {
    await this.setPreference.execute(actor, body.kind as InvoiceNotificationKind, body.enabled);
  }
}
