import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserActor } from '../../../shared/auth/actor';
import { CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import {
  ChangeTechnicalAccountGrants,
  CreateTechnicalAccount,
  DeactivateTechnicalAccount,
  ListTechnicalAccounts,
  RekeyTechnicalAccount,
} from '../application/technical-accounts.use-cases';
import { ConnectionsErrors } from '../domain/connections.errors';
import { CreateTechnicalAccountDto, TechnicalAccountCredentialsDto, TechnicalAccountDto, TechnicalAccountGrantsDto } from './connections.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

/**
 * "Raccordements": technical accounts of a structure, managed by people only (docs/structures-and-rights.md,
 * "Technical accounts and API applications"): created and re-keyed by the structure's managers holding
 * Raccordements – modification, listed and deactivated by every manager (and by their creator).
 */
@ApiTags('connections')
@Controller('api/v1')
export class TechnicalAccountsController {
  constructor(
    private readonly create: CreateTechnicalAccount,
    private readonly list: ListTechnicalAccounts,
    private readonly rekey: RekeyTechnicalAccount,
    private readonly deactivate: DeactivateTechnicalAccount,
    private readonly changeGrants: ChangeTechnicalAccountGrants,
  ) {}

  @Post('structures/:id/technical-accounts')
  @ApiOperation({ operationId: 'createTechnicalAccount', summary: 'Create a technical account for ERP software; the password is shown once' })
  @ApiCreatedResponse({ type: TechnicalAccountCredentialsDto })
  @ApiProblems([
    CommonErrors.FORBIDDEN,
    ConnectionsErrors.TECHNICAL_ACCOUNTS_MANAGERS_ONLY,
    ConnectionsErrors.STRUCTURE_NOT_FOUND,
    ConnectionsErrors.LABEL_INVALID,
    ConnectionsErrors.GRANTS_INVALID,
    ConnectionsErrors.GRANTS_EXCEED_CREATOR,
  ])
  @Idempotent()
  createTechnicalAccount(
    @CurrentUser() actor: UserActor,
    @Param('id', ParseUUIDPipe) structureId: string,
    @Body() body: CreateTechnicalAccountDto,
  ): Promise<TechnicalAccountCredentialsDto> {
    return this.create.execute(actor, structureId, body);
  }

  @Get('structures/:id/technical-accounts')
  @ApiOperation({ operationId: 'listTechnicalAccounts', summary: "A structure's technical accounts with creator, scope, grants and last use (never their passwords): all of them for its managers, his own for another member" })
  @ApiOkResponse({ type: TechnicalAccountDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  listTechnicalAccounts(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) structureId: string): Promise<TechnicalAccountDto[]> {
    return this.list.execute(actor, structureId);
  }

  @Post('technical-accounts/:id/password')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rekeyTechnicalAccount', summary: 'New password (shown once) and new expiry; the old password stops working at once' })
  @ApiOkResponse({ type: TechnicalAccountCredentialsDto })
  @ApiProblems(
    [
      CommonErrors.FORBIDDEN,
      ConnectionsErrors.TECHNICAL_ACCOUNTS_MANAGERS_ONLY,
      ConnectionsErrors.TECHNICAL_ACCOUNT_EXCEEDS_CALLER,
      ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND,
      ConnectionsErrors.TECHNICAL_ACCOUNT_INACTIVE,
    ],
    { validated: false },
  )
  rekeyTechnicalAccount(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<TechnicalAccountCredentialsDto> {
    return this.rekey.execute(actor, id);
  }

  @Put('technical-accounts/:id/grants')
  @ApiOperation({ operationId: 'changeTechnicalAccountGrants', summary: 'Replace a technical account’s grants (effective at the next request); managers of Raccordements, with grants they hold' })
  @ApiOkResponse({ type: TechnicalAccountDto })
  @ApiProblems([
    CommonErrors.FORBIDDEN,
    ConnectionsErrors.TECHNICAL_ACCOUNTS_MANAGERS_ONLY,
    ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND,
    ConnectionsErrors.TECHNICAL_ACCOUNT_INACTIVE,
    ConnectionsErrors.GRANTS_INVALID,
    ConnectionsErrors.GRANTS_EXCEED_CREATOR,
  ])
  changeTechnicalAccountGrants(
    @CurrentUser() actor: UserActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TechnicalAccountGrantsDto,
  ): Promise<TechnicalAccountDto> {
    return this.changeGrants.execute(actor, id, body);
  }

  @Post('technical-accounts/:id/deactivation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'deactivateTechnicalAccount', summary: 'Deactivate a technical account (effective at the next request): any manager of the structure, or its creator' })
  @ApiOkResponse({ type: TechnicalAccountDto })
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND], { validated: false })
  deactivateTechnicalAccount(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<TechnicalAccountDto> {
    return this.deactivate.execute(actor, id);
  }
}
