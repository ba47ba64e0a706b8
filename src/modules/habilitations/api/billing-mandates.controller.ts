import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserActor } from '../../../shared/auth/actor';
import { CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { Idempotent } from '../../../shared/idempotency/idempotency';
import { DecideMandate, ReadMandates, SubscribeMandate } from '../application/billing-mandates.use-cases';
import { HabilitationsErrors } from '../domain/habilitations.errors';
import { MandateDecisionDto, MandateDto, MandatesQueryDto, SubscribeMandateDto } from './billing-mandates.dto';

/** « Souscrire / Gérer un mandat de facturation » (docs/billing-mandates.md). */
@ApiTags('billing-mandates')
@Controller('api/v1/billing-mandates')
export class BillingMandatesController {
  constructor(
    private readonly subscribeUseCase: SubscribeMandate,
    private readonly decide: DecideMandate,
    private readonly read: ReadMandates,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'subscribeBillingMandate', summary: 'Subscribe a billing mandate with another structure (principal manager); it waits for the other side’s acceptance' })
  @ApiCreatedResponse({ type: MandateDto })
  @ApiProblems([
    HabilitationsErrors.MANDATE_PRINCIPAL_ONLY,
    HabilitationsErrors.MANDATE_COUNTERPART_NOT_FOUND,
    HabilitationsErrors.MANDATE_SAME_STRUCTURE,
    HabilitationsErrors.MANDATE_DATES_INVALID,
    HabilitationsErrors.MANDATE_ALREADY_OPEN,
    CommonErrors.FORBIDDEN,
  ])
  @Idempotent()
  subscribe(@CurrentUser() actor: UserActor, @Body() body: SubscribeMandateDto): Promise<MandateDto> {
    return this.subscribeUseCase.execute(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listBillingMandates', summary: 'A structure’s billing mandates, as mandator and as mandatary, newest first' })
  @ApiOkResponse({ type: MandateDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN])
  list(@CurrentUser() actor: UserActor, @Query() query: MandatesQueryDto): Promise<MandateDto[]> {
    return this.read.list(actor, query.structureId);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getBillingMandate', summary: 'One billing mandate with its history' })
  @ApiOkResponse({ type: MandateDto })
  @ApiProblems([HabilitationsErrors.MANDATE_NOT_FOUND])
  get(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<MandateDto> {
    return this.read.get(actor, id);
  }

  @Post(':id/acceptance')
  @HttpCode(200)
  @ApiOperation({ operationId: 'acceptBillingMandate', summary: 'Accept a pending mandate (principal manager of the side that did not subscribe it)' })
  @ApiOkResponse({ type: MandateDto })
  @ApiProblems([
    HabilitationsErrors.MANDATE_NOT_FOUND,
    HabilitationsErrors.MANDATE_NOT_PENDING,
    HabilitationsErrors.MANDATE_ACCEPTED_BY_OTHER_SIDE,
    HabilitationsErrors.MANDATE_PRINCIPAL_ONLY,
    CommonErrors.FORBIDDEN,
  ])
  accept(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: MandateDecisionDto): Promise<MandateDto> {
    return this.decide.accept(actor, id, body.comment);
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'revokeBillingMandate',
    summary: 'Revoke a mandate, or refuse / withdraw a pending one (principal manager of either side): no new invoice under it from now on',
  })
  @ApiOkResponse({ type: MandateDto })
  @ApiProblems([HabilitationsErrors.MANDATE_NOT_FOUND, HabilitationsErrors.MANDATE_ALREADY_REVOKED, HabilitationsErrors.MANDATE_PRINCIPAL_ONLY, CommonErrors.FORBIDDEN])
  revoke(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string, @Body() body: MandateDecisionDto): Promise<MandateDto> {
    return this.decide.revoke(actor, id, body.comment);
  }
}
