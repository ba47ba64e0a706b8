import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SubscribeMandateDto {
  @ApiProperty({ format: 'uuid', description: 'Your structure (you must be its principal manager)' }) @IsUUID() structureId: string;
  @ApiProperty({ enum: ['MANDATOR', 'MANDATARY'], description: 'MANDATOR: your structure lets the other issue its invoices; MANDATARY: your structure asks to issue the other’s invoices' })
  @IsIn(['MANDATOR', 'MANDATARY'])
  role: 'MANDATOR' | 'MANDATARY';
  @ApiProperty({ example: '91234567500017', description: 'The other structure’s identifier (SIRET…)' }) @IsString() @IsNotEmpty() @MaxLength(100) counterpartIdentifier: string;
  @ApiPropertyOptional({ example: 'SIRET', description: 'Needed only when the identifier exists under two types' }) @IsOptional() @IsString() @MaxLength(20) counterpartIdentifierType?: string;
  @ApiPropertyOptional({ format: 'date', description: 'First day of validity (France); today when absent' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(DAY) startDate?: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: 'Last day of validity, inclusive; none: until revoked' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DAY)
  endDate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(1000) comment?: string | null;
}

export class MandateDecisionDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Recorded in the history and e-mailed to both sides' }) @IsOptional() @IsString() @MaxLength(1000) comment?: string | null;
}

export class MandatesQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The structure whose mandates to list (both sides)' }) @IsUUID() structureId: string;
}

export class MandatePartyDto {
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty() identifier: string;
  @ApiProperty() name: string;
}

export class MandateHistoryEntryDto {
  @ApiProperty({ enum: ['SUBSCRIBED', 'ACCEPTED', 'REVOKED'] }) action: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['MANDATOR', 'MANDATARY'], description: 'The side that acted' }) side: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
}

export class MandateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'MDT-0A1B2C3D4E5F' }) number: string;
  @ApiProperty({
    enum: ['PENDING', 'ACTIVE', 'REVOKED', 'EXPIRED', 'NOT_STARTED'],
    description: 'ACTIVE: invoices may be issued under it today; EXPIRED / NOT_STARTED: accepted, outside its dates',
  })
  state: string;
  @ApiProperty({ enum: ['MANDATOR', 'MANDATARY'], description: 'The side that subscribed it; the other side accepts it' }) initiatedBy: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) endDate: string | null;
  @ApiProperty({ type: MandatePartyDto, description: 'The supplier in whose name invoices are issued' }) mandator: MandatePartyDto;
  @ApiProperty({ type: MandatePartyDto, description: 'The structure that issues them' }) mandatary: MandatePartyDto;
  @ApiProperty({ type: MandateHistoryEntryDto, isArray: true }) history: MandateHistoryEntryDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
