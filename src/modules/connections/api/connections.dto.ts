import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { APPLICATION_CODES, GRANT_LEVELS } from '../../habilitations/contracts/applications';
import { API_GROUPS } from '../contracts/api-groups';

export class GrantDto {
  @ApiProperty({ enum: APPLICATION_CODES, example: 'FACTURES_EMISES' })
  @IsIn(APPLICATION_CODES)
  application: (typeof APPLICATION_CODES)[number];

  @ApiProperty({ enum: GRANT_LEVELS, example: 'MODIFICATION' })
  @IsIn(GRANT_LEVELS)
  level: (typeof GRANT_LEVELS)[number];
}

export class CreateTechnicalAccountDto {
  @ApiPropertyOptional({ maxLength: 60, example: 'ERP comptabilité' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  label?: string;

  @ApiPropertyOptional({
    type: GrantDto,
    isArray: true,
    description: 'Grants on the structure (default: FACTURES_EMISES and SUIVI_FLUX in MODIFICATION, ENGAGEMENTS in CONSULTATION)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(13)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants?: GrantDto[];
}

export class TechnicalAccountGrantsDto {
  @ApiProperty({ type: GrantDto, isArray: true, description: 'The account’s new grants (held by the caller; still capped by the creator’s)' })
  @IsArray()
  @ArrayMaxSize(13)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants: GrantDto[];
}

export class TechnicalAccountCredentialsDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TECH_12_erp-comptabilite@cpro.liasse.localhost' }) login: string;
  @ApiProperty({ description: 'Shown once: store it in the ERP now' }) password: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class TechnicalAccountCreatorDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() loginEmail: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

export class TechnicalAccountDto {
  @ApiProperty() id: string;
  @ApiProperty() login: string;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty() structureId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: GrantDto, isArray: true, description: 'The account’s own grants; what it may do is effectiveGrants' }) grants: GrantDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: TechnicalAccountCreatorDto, nullable: true, description: 'The user it acts for: it never holds more than his current membership' })
  createdBy: TechnicalAccountCreatorDto | null;
  @ApiProperty({ description: 'false when the creator is no longer an active member of the structure, or no longer active: the account is refused' })
  creatorActive: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The creator’s service when he is attached to one: the account sees that service only' })
  serviceId: string | null;
  @ApiProperty({ type: GrantDto, isArray: true, description: 'Own grants ∩ the creator’s current grants (empty while suspended)' })
  effectiveGrants: GrantDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Last successful call (to the minute)' })
  lastUsedAt: string | null;
}

export class CreateOAuthClientDto {
  @ApiProperty({ maxLength: 100, example: 'Mon ERP' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: API_GROUPS, isArray: true, example: ['factures', 'structures', 'utilisateurs', 'transverses'] })
  @IsArray()
  @IsIn(API_GROUPS, { each: true })
  apiGroups: (typeof API_GROUPS)[number][];
}

export class OAuthClientCredentialsDto {
  @ApiProperty() id: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ description: 'Shown once: store it in the ERP now' }) clientSecret: string;
}

export class OAuthClientDto {
  @ApiProperty() id: string;
  @ApiProperty() clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: API_GROUPS, isArray: true }) apiGroups: (typeof API_GROUPS)[number][];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) secretRotatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;
}

export class ClientTokenDto {
  @ApiProperty() access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: string;
  @ApiProperty({ example: 3600 }) expires_in: number;
  @ApiProperty({ example: 'openid' }) scope: string;
}

export class OAuthErrorDto {
  @ApiProperty({ enum: ['invalid_request', 'invalid_client', 'unsupported_grant_type'] }) error: string;
  @ApiProperty() error_description: string;
}

export class ClientTokenRequestDto {
  @ApiProperty({ example: 'client_credentials' }) grant_type: string;
  @ApiPropertyOptional({ description: 'Or HTTP Basic' }) client_id?: string;
  @ApiPropertyOptional({ description: 'Or HTTP Basic' }) client_secret?: string;
  @ApiPropertyOptional({ example: 'openid' }) scope?: string;
}

export class CredentialUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() loginEmail: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ description: 'Platform administrator' }) isAdmin: boolean;
}

export class CredentialClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The client_id it authenticates with (never its secret)' }) clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: API_GROUPS, isArray: true }) apiGroups: (typeof API_GROUPS)[number][];
  @ApiProperty({ format: 'date-time' }) secretRotatedAt: string;
}

export class CredentialTechnicalAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'TECH_12_erp-comptabilite@cpro.liasse.localhost' }) login: string;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ format: 'date-time', description: 'When its password stops working (re-key it before)' }) passwordExpiresAt: string;
  @ApiProperty({ description: 'Whole days left, rounded up' }) passwordDaysLeft: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Last successful call (to the minute)' }) lastUsedAt: string | null;
}

export class CredentialStructureDto {
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ nullable: true, type: Number, description: 'idStructureCPP on /cpro' }) structurePublicId: number | null;
  @ApiProperty() identifier: string;
  @ApiProperty() identifierType: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ description: 'Principal manager (always false for a technical account)' }) principal: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Attached to this service only (a technical account: its creator’s)' }) serviceId: string | null;
  @ApiProperty({ type: GrantDto, isArray: true, description: 'What the caller may do there now (a technical account: its grants ∩ its creator’s)' })
  grants: GrantDto[];
}

export class CredentialsDto {
  @ApiProperty({ enum: ['user', 'technical-account'], description: 'user: a person’s access token; technical-account: a client token with cpro-account' })
  kind: 'user' | 'technical-account';
  @ApiProperty({ format: 'date-time', description: 'When the bearer token of this call expires' }) tokenExpiresAt: string;
  @ApiProperty({ description: 'Seconds until then' }) tokenExpiresIn: number;
  @ApiProperty({ type: CredentialUserDto, nullable: true, description: 'The person (kind user)' }) user: CredentialUserDto | null;
  @ApiProperty({ type: CredentialClientDto, nullable: true, description: 'The API application (kind technical-account)' }) oauthClient: CredentialClientDto | null;
  @ApiProperty({ type: CredentialTechnicalAccountDto, nullable: true, description: 'The technical account of cpro-account (kind technical-account)' })
  technicalAccount: CredentialTechnicalAccountDto | null;
  @ApiProperty({ type: CredentialStructureDto, isArray: true, description: 'Where the caller acts, with its effective grants' }) structures: CredentialStructureDto[];
  @ApiProperty({
    enum: ['TECHNICAL_ACCOUNT_PASSWORD_EXPIRES_SOON'],
    isArray: true,
    description: 'What needs action: the technical account’s password expires within 30 days (have a manager re-key it)',
  })
  warnings: string[];
}
