import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import './contracts/events';
import { CredentialsController } from './api/credentials.controller';
import { OAuthClientsController } from './api/oauth-clients.controller';
import { OAuthTokenController } from './api/oauth-token.controller';
import { TechnicalAccountsController } from './api/technical-accounts.controller';
import { DescribeCredentials } from './application/credential-health.use-case';
import { WarnExpiringTechnicalAccounts } from './application/expiry-warnings.use-case';
import { CreateOAuthClient, IssueClientToken, ListOAuthClients, RevokeOAuthClient, RotateOAuthClientSecret } from './application/oauth-clients.use-cases';
import { TechnicalAccountVerifier } from './application/technical-account-verifier';
import {
  ChangeTechnicalAccountGrants,
  CreateTechnicalAccount,
  DeactivateTechnicalAccount,
  ListTechnicalAccounts,
  RekeyTechnicalAccount,
} from './application/technical-accounts.use-cases';
import { OPENAPI_CLIENT_ROUTES } from '../../shared/http/swagger';
import { apiGroupOfPath, openToEveryClient } from './contracts/api-groups';
import { ApiClients } from './contracts/api-clients';
import { TechnicalAccountGrants } from './contracts/technical-account-grants';
import { TechnicalAccountDirectory } from './contracts/technical-accounts';
import { ClientCredentialsStrategy } from './infrastructure/client-credentials.strategy';
import { ClientTokens } from './infrastructure/client-tokens';
import { CONNECTIONS_JOB_HANDLERS } from './jobs/expiry-warning.handlers';
import { ConnectionsSeed } from './infrastructure/connections.seed';
import { SecretHasher } from './infrastructure/secret-hasher';
import { MikroApiClients, MikroTechnicalAccountDirectory, MikroTechnicalAccountGrants } from './infrastructure/technical-account-records';

/**
 * "Raccordements": technical accounts of structures, OAuth clients (API applications), the token
 * endpoint and the `client-credentials` authentication of machines. Exposes TechnicalAccountGrants (for
 * the Authorization check), TechnicalAccountDirectory and ApiClients (the webhooks' fan-out).
 */
@Global()
@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [OAuthTokenController, TechnicalAccountsController, OAuthClientsController, CredentialsController],
  providers: [
    SecretHasher,
    ClientTokens,
    TechnicalAccountVerifier,
    ClientCredentialsStrategy,
    CreateTechnicalAccount,
    ListTechnicalAccounts,
    RekeyTechnicalAccount,
    DeactivateTechnicalAccount,
    ChangeTechnicalAccountGrants,
    CreateOAuthClient,
    ListOAuthClients,
    RevokeOAuthClient,
    RotateOAuthClientSecret,
    IssueClientToken,
    ConnectionsSeed,
    WarnExpiringTechnicalAccounts,
    DescribeCredentials,
    ...CONNECTIONS_JOB_HANDLERS,
    { provide: TechnicalAccountGrants, useClass: MikroTechnicalAccountGrants },
    { provide: TechnicalAccountDirectory, useClass: MikroTechnicalAccountDirectory },
    { provide: ApiClients, useClass: MikroApiClients },
    // The OpenAPI document offers the client-credentials schemes on the routes a client token may call.
    { provide: OPENAPI_CLIENT_ROUTES, useValue: (pathTemplate: string): boolean => apiGroupOfPath(pathTemplate) !== null || openToEveryClient(pathTemplate, pathTemplate) },
  ],
  exports: [TechnicalAccountGrants, TechnicalAccountDirectory, ApiClients],
})
export class ConnectionsModule {}
