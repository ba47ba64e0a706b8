import { Controller, Get, Headers } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../shared/auth/actor';
import { CurrentActor } from '../../../shared/auth/decorators';
import { bearerTokenExpiry } from '../../../shared/auth/token-types';
import { ApiProblems } from '../../../shared/http/api-problems';
import { DescribeCredentials } from '../application/credential-health.use-case';
import { CredentialsDto } from './connections.dto';

/**
 * Credential health (issue 20): open to every authenticated caller, people and client tokens alike,
 * whatever the client's API groups (api-groups.ts, EVERY_CLIENT_ROUTES).
 */
@ApiTags('connections')
@Controller('api/v1/me/credentials')
export class CredentialsController {
  constructor(private readonly describe: DescribeCredentials) {}

  @Get()
  @ApiOperation({
    operationId: 'getMyCredentials',
    summary:
      'Who is calling: the person, or the API application and technical account (cpro-account) of a client token; its structures and effective grants, API groups, token expiry, the technical account’s password expiry and days left. Never a secret.',
  })
  @ApiOkResponse({ type: CredentialsDto })
  @ApiProblems([], { validated: false })
  credentials(@CurrentActor() actor: Actor, @Headers('authorization') authorization: string | undefined): Promise<CredentialsDto> {
    return this.describe.execute(actor, bearerTokenExpiry(authorization));
  }
}
