import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../shared/http/pagination';
import { APPLICATION_CODES, ApplicationCode, GRANT_LEVELS, GrantLevel } from '../contracts/applications';

export class GrantDto {
  @ApiProperty({ enum: APPLICATION_CODES }) @IsIn(APPLICATION_CODES) application: ApplicationCode;
  @ApiProperty({ enum: GRANT_LEVELS }) @IsIn(GRANT_LEVELS) level: GrantLevel;
}

export class CreateMembershipRequestDto {
  @ApiProperty({ example: '91234567500017' }) @IsString() @IsNotEmpty() @MaxLength(100) structureIdentifier: string;
  @ApiPropertyOptional({ example: 'SIRET', description: 'Needed only when the identifier exists under two types' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  identifierType?: string;
  @ApiPropertyOptional({ description: 'Attachment to one service only' }) @IsOptional() @Matches(/^[A-Za-z0-9_.-]{1,100}$/) serviceCode?: string;
  @ApiProperty({
    example: 'Je suis comptable de la société depuis mars.',
    description: 'Why; a member asking for more grants says which here. A request carries no grants (a `grants` field is refused): the approver sets them.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  comment: string;
}

export class RequesterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() loginEmail: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

export class MembershipRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['ATTACHMENT', 'GRANTS'] }) kind: string;
  @ApiProperty({ enum: ['PENDING', 'APPROVED', 'REFUSED'] }) status: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty() structureIdentifier: string;
  @ApiProperty() structureName: string;
  @ApiProperty({ nullable: true, type: String }) serviceId: string | null;
  @ApiProperty({ type: RequesterDto }) requester: RequesterDto;
  @ApiProperty() comment: string;
  @ApiProperty({ nullable: true, type: GrantDto, isArray: true, description: 'Only on requests made before approvals set the grants: what the requester named, for information; never applied' })
  requestedGrants: GrantDto[] | null;
  @ApiProperty({ nullable: true, type: GrantDto, isArray: true, description: "Approved requests: the member's grants as the approval set them" })
  grantedGrants: GrantDto[] | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionComment: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty() createdAt: string;
}

const FORMAT_DESCRIPTION = 'csv: a file of every row matching the filters, in the same order (page and pageSize are ignored), streamed';

export class ApprovalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['PENDING', 'APPROVED', 'REFUSED', 'ALL'], default: 'PENDING' })
  @IsOptional()
  @IsIn(['PENDING', 'APPROVED', 'REFUSED', 'ALL'])
  status?: 'PENDING' | 'APPROVED' | 'REFUSED' | 'ALL';
  @ApiPropertyOptional({ format: 'uuid', description: 'Requests on this structure only (403 unless I hold Organisation – modification there)' })
  @IsOptional()
  @IsUUID()
  structureId?: string;
  @ApiPropertyOptional({ description: "Part of the requester's login e-mail or name (case-insensitive)", maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: FORMAT_DESCRIPTION }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

/** The export takes the list's filters; it has no pages. */
export class ApprovalsExportQueryDto extends OmitType(ApprovalsQueryDto, ['page', 'pageSize'] as const) {}

export class MembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['ACTIVE', 'DETACHED', 'ALL'], default: 'ACTIVE', description: 'Membership status: current members, former members (detached), or both' })
  @IsOptional()
  @IsIn(['ACTIVE', 'DETACHED', 'ALL'])
  status?: 'ACTIVE' | 'DETACHED' | 'ALL';
  @ApiPropertyOptional({ description: "Part of the member's login e-mail or name (case-insensitive)", maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: FORMAT_DESCRIPTION }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

/** A page of the approvals inbox, newest request first. */
export class MembershipRequestPageDto extends PageDtoOf(MembershipRequestDto) {}

export class ApprovalDto {
  @ApiPropertyOptional({ description: 'Sent to the requester' }) @IsOptional() @IsString() @MaxLength(1000) comment?: string;
  @ApiPropertyOptional({
    type: GrantDto,
    isArray: true,
    description: "The member's grants after the approval (they replace his current ones). Absent: the default grants of a new member, added to what he already holds.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(26)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants?: GrantDto[];
}

export class RefusalDto {
  @ApiProperty({ description: 'Why (sent to the requester)' }) @IsString() @IsNotEmpty() @MaxLength(1000) comment: string;
}

export class AttachMemberDto {
  @ApiProperty({ example: 'paul.martin@example.fr' }) @IsEmail() @MaxLength(254) loginEmail: string;
  @ApiPropertyOptional({ description: 'Attach to one service only' }) @IsOptional() @Matches(/^[A-Za-z0-9_.-]{1,100}$/) serviceCode?: string;
}

/** The answer to a direct attachment: the same whether or not the address has an account. */
export class AttachmentAcceptedDto {
  @ApiProperty({ example: 'Si cette adresse correspond à un compte actif, …' }) message: string;
}

export class TransferPrincipalManagerDto {
  @ApiProperty({ example: 'paul.martin@example.fr' }) @IsEmail() @MaxLength(254) loginEmail: string;
}

export class GrantsDto {
  @ApiProperty({ type: GrantDto, isArray: true }) @IsArray() @ArrayMaxSize(26) @ValidateNested({ each: true }) @Type(() => GrantDto) grants: GrantDto[];
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() loginEmail: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ description: 'Principal manager (gestionnaire principal)' }) principal: boolean;
  @ApiProperty({ enum: ['ACTIVE', 'DETACHED'], description: 'DETACHED: a former member (lists filtered by status)' }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'Attached to this service only' }) serviceId: string | null;
  @ApiProperty({ type: GrantDto, isArray: true }) grants: GrantDto[];
  @ApiProperty() since: string;
}

/** A page of a structure's members, by last name, first name, then user id. */
export class MemberPageDto extends PageDtoOf(MemberDto) {}

export class MyMembershipDto {
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ nullable: true, type: Number }) structurePublicId: number | null;
  @ApiProperty() identifier: string;
  @ApiProperty() companyName: string;
  @ApiProperty() structureActive: boolean;
  @ApiProperty() principal: boolean;
  @ApiProperty({ nullable: true, type: String }) serviceId: string | null;
  @ApiProperty({ type: GrantDto, isArray: true }) grants: GrantDto[];
}

export class MyGrantsDto {
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ type: GrantDto, isArray: true }) grants: GrantDto[];
}
