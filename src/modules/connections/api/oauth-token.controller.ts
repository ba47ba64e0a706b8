import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../shared/auth/decorators';
import { SensitiveRoute } from '../../../shared/http/throttle';
import { IssueClientToken } from '../application/oauth-clients.use-cases';
import { ClientTokenDto, ClientTokenRequestDto, OAuthErrorDto } from './connections.dto';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** HTTP Basic credentials (RFC 6749 §2.3.1: form-urlencoded id and secret, then base64). */
function basicCredentials(header: string | undefined): { clientId?: string; clientSecret?: string } {
  const match = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  const unescape = (v: string): string => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v;
    }
  };
  return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
}

/** The PISTE-compatible token endpoint (OAuth2 client credentials). */
@ApiTags('oauth')
@Controller('api/oauth')
export class OAuthTokenController {
  constructor(private readonly issue: IssueClientToken) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @SensitiveRoute()
  @ApiOperation({
    operationId: 'issueClientToken',
    summary: 'OAuth2 client-credentials token (3600 s), form-encoded or JSON; client credentials in the body or with HTTP Basic',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: ClientTokenRequestDto })
  @ApiOkResponse({ type: ClientTokenDto })
  @ApiBadRequestResponse({ type: OAuthErrorDto, description: 'invalid_request, unsupported_grant_type' })
  @ApiUnauthorizedResponse({ type: OAuthErrorDto, description: 'invalid_client' })
  async issueClientToken(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ClientTokenDto | OAuthErrorDto> {
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const basic = basicCredentials(request.headers.authorization);
    const outcome = await this.issue.execute({
      grantType: str(fields.grant_type),
      clientId: basic.clientId ?? str(fields.client_id),
      clientSecret: basic.clientSecret ?? str(fields.client_secret),
      scope: str(fields.scope),
    });
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (outcome.ok) return outcome.token;
    void reply.status(outcome.status);
    if (outcome.status === 401) void reply.header('www-authenticate', 'Basic realm="PISTE"');
    return { error: outcome.error, error_description: outcome.description };
  }
}
