import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import {
  CreateTechnicalAccount,
  DeactivateTechnicalAccount,
  ListTechnicalAccounts,
  RekeyTechnicalAccount,
} from '../application/technical-accounts.use-cases';
import { ConnectionsErrors } from '../domain/connections.errors';
import { CreateTechnicalAccountDto, TechnicalAccountCredentialsDto, TechnicalAccountDto } from './connections.dto';

/** "Raccordements": technical accounts of a structure, for holders of Raccordements (consultation / modification). */
@ApiTags('connections')
@ApiBearerAuth('bearer')
@Controller('api/v1')
export class TechnicalAccountsController {
  constructor(
    private readonly create: CreateTechnicalAccount,
    private readonly list: ListTechnicalAccounts,
    private readonly rekey: RekeyTechnicalAccount,
    private readonly deactivate: DeactivateTechnicalAccount,
  ) {}

  @Post('structures/:id/technical-accounts')
  @ApiOperation({ operationId: 'createTechnicalAccount', summary: 'Create a technical account for ERP software; the password is shown once' })
  @ApiCreatedResponse({ type: TechnicalAccountCredentialsDto })
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.STRUCTURE_NOT_FOUND, ConnectionsErrors.LABEL_INVALID, ConnectionsErrors.GRANTS_INVALID])
  createTechnicalAccount(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) structureId: string,
    @Body() body: CreateTechnicalAccountDto,
  ): Promise<TechnicalAccountCredentialsDto> {
    return this.create.execute(actor, structureId, body);
  }

  @Get('structures/:id/technical-accounts')
  @ApiOperation({ operationId: 'listTechnicalAccounts', summary: "A structure's technical accounts (never their passwords)" })
  @ApiOkResponse({ type: TechnicalAccountDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  listTechnicalAccounts(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) structureId: string): Promise<TechnicalAccountDto[]> {
    return this.list.execute(actor, structureId);
  }

  @Post('technical-accounts/:id/password')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rekeyTechnicalAccount', summary: 'New password (shown once) and new expiry; the old password stops working at once' })
  @ApiOkResponse({ type: TechnicalAccountCredentialsDto })
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND, ConnectionsErrors.TECHNICAL_ACCOUNT_INACTIVE], { validated: false })
  rekeyTechnicalAccount(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TechnicalAccountCredentialsDto> {
    return this.rekey.execute(actor, id);
  }

  @Post('technical-accounts/:id/deactivation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'deactivateTechnicalAccount', summary: 'Deactivate a technical account (effective at the next request)' })
  @ApiOkResponse({ type: TechnicalAccountDto })
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND], { validated: false })
  deactivateTechnicalAccount(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TechnicalAccountDto> {
    return this.deactivate.execute(actor, id);
  }
}
