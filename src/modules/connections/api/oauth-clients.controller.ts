import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserActor } from '../../../shared/auth/actor';
import { CurrentUser } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { CreateOAuthClient, ListOAuthClients, RevokeOAuthClient, RotateOAuthClientSecret } from '../application/oauth-clients.use-cases';
import { ConnectionsErrors } from '../domain/connections.errors';
import { CreateOAuthClientDto, OAuthClientCredentialsDto, OAuthClientDto } from './connections.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

/** "API applications": OAuth clients of the client-credentials grant, owned by the signed-in user. */
@ApiTags('connections')
@Controller('api/v1/oauth-clients')
export class OAuthClientsController {
  constructor(
    private readonly create: CreateOAuthClient,
    private readonly list: ListOAuthClients,
    private readonly revoke: RevokeOAuthClient,
    private readonly rotate: RotateOAuthClientSecret,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createOAuthClient', summary: 'Create an API application; the client secret is shown once' })
  @ApiCreatedResponse({ type: OAuthClientCredentialsDto })
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.OAUTH_CLIENT_NAME_INVALID, ConnectionsErrors.OAUTH_CLIENT_GROUPS_INVALID])
  @Idempotent()
  createOAuthClient(@CurrentUser() user: UserActor, @Body() body: CreateOAuthClientDto): Promise<OAuthClientCredentialsDto> {
    return this.create.execute(user, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listOAuthClients', summary: 'My API applications (never their secrets)' })
  @ApiOkResponse({ type: OAuthClientDto, isArray: true })
  @ApiProblems([CommonErrors.FORBIDDEN], { validated: false })
  listOAuthClients(@CurrentUser() user: UserActor): Promise<OAuthClientDto[]> {
    return this.list.execute(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeOAuthClient', summary: 'Revoke an API application: its tokens are refused from the next request' })
  @ApiNoContentResponse()
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.OAUTH_CLIENT_NOT_FOUND], { validated: false })
  async revokeOAuthClient(@CurrentUser() user: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.revoke.execute(user, id);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateOAuthClientSecret', summary: 'New client secret (shown once); the old one can no longer obtain tokens' })
  @ApiOkResponse({ type: OAuthClientCredentialsDto })
  @ApiProblems([CommonErrors.FORBIDDEN, ConnectionsErrors.OAUTH_CLIENT_NOT_FOUND, ConnectionsErrors.OAUTH_CLIENT_REVOKED], { validated: false })
  rotateOAuthClientSecret(@CurrentUser() user: UserActor, @Param('id', ParseUUIDPipe) id: string): Promise<OAuthClientCredentialsDto> {
    return this.rotate.execute(user, id);
  }
}
