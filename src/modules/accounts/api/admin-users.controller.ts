import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserActor } from '../../../shared/auth/actor';
import { AdminOnly, CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { DeactivateAccount, ReactivateAccount, SearchUsers } from '../application/account-status.use-cases';
import { AccountsErrors } from '../domain/accounts.errors';
import { AdminUserPageDto, UserSearchQueryDto } from './accounts.dto';

/** Platform support (administrators only). */
@ApiTags('administration')
@AdminOnly()
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(
    private readonly search: SearchUsers,
    private readonly deactivate: DeactivateAccount,
    private readonly reactivate: ReactivateAccount,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'adminSearchUsers', summary: 'Search accounts (administrators)' })
  @ApiOkResponse({ type: AdminUserPageDto })
  @ApiProblems([CommonErrors.FORBIDDEN])
  async list(@Query() query: UserSearchQueryDto): Promise<AdminUserPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const result = await this.search.execute({
      q: query.q,
      status: query.status,
      reactivationRequested: query.reactivationRequested === 'true',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { ...result, page, pageSize };
  }

  @Post(':id/deactivation')
  @HttpCode(204)
  @ApiOperation({ operationId: 'adminDeactivateUser', summary: 'Deactivate an account (administrators)' })
  @ApiNoContentResponse()
  @ApiProblems([CommonErrors.FORBIDDEN, AccountsErrors.USER_NOT_FOUND, AccountsErrors.USER_STATUS_CONFLICT])
  async deactivateUser(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.deactivate.byAdministrator(actor, id);
  }

  @Post(':id/reactivation')
  @HttpCode(204)
  @ApiOperation({ operationId: 'adminReactivateUser', summary: 'Reactivate a deactivated account (administrators)' })
  @ApiNoContentResponse()
  @ApiProblems([CommonErrors.FORBIDDEN, AccountsErrors.USER_NOT_FOUND, AccountsErrors.USER_STATUS_CONFLICT])
  async reactivateUser(@CurrentUser() actor: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.reactivate.execute(actor, id);
  }
}
