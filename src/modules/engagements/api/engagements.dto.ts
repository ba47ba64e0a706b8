import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../shared/http/pagination';
import { ENGAGEMENT_STATUSES, ENGAGEMENT_TYPES } from '../domain/engagement-rules';

const AMOUNT = /^\d{1,13}([.,]\d{1,2})?$/;
const AMOUNT_DOC = { type: String, example: '12000.00', description: 'Decimal, at most 2 decimals (string)' };
const SIRET = /^\d{14}$/;

class EngagementFieldsDto {
  @ApiPropertyOptional({ enum: ENGAGEMENT_TYPES, default: 'BON_DE_COMMANDE' }) @IsOptional() @IsIn(ENGAGEMENT_TYPES) type?: string;
  @ApiPropertyOptional({ ...AMOUNT_DOC, description: 'Amount excluding VAT (information only)', nullable: true })
  @IsOptional()
  @IsString()
  @Matches(AMOUNT)
  amountExclTax?: string | null;
  @ApiPropertyOptional({ example: 'EUR', default: 'EUR', description: 'ISO 4217: invoices charged to it must be in this currency' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The supplier structure (or give its SIRET)' })
  @IsOptional()
  @IsUUID()
  supplierStructureId?: string | null;
  @ApiPropertyOptional({ example: '91234567500017', nullable: true, type: String, description: 'The supplier’s SIRET: matches its structure, even one registered later' })
  @IsOptional()
  @Matches(SIRET)
  supplierIdentifier?: string | null;
  @ApiPropertyOptional({ example: 'MARCHE-2026-04', nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(50) contractNumber?: string | null;
  @ApiPropertyOptional({ example: 'Fournitures de bureau 2026', nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) label?: string | null;
}

export class CreateEngagementDto extends EngagementFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The issuing public structure (Engagements – modification required)' }) @IsUUID() structureId: string;
  @ApiProperty({ example: 'EJ-2026-0042', description: 'Unique within the issuing structure; invoices carry it as engagementNumber' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  number: string;
  @ApiProperty({ example: '2026-01-15', description: 'Notification date (YYYY-MM-DD)' }) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) notificationDate: string;
  @ApiProperty({ ...AMOUNT_DOC, description: 'Amount including VAT: what invoices consume (> 0, at most 2 decimals)' }) @IsString() @Matches(AMOUNT) amount: string;
  @ApiPropertyOptional({ example: 'SERV-01', description: 'The service of the issuing structure that placed it' }) @IsOptional() @IsString() @MaxLength(100) serviceCode?: string;
}

export class UpdateEngagementDto extends EngagementFieldsDto {
  @ApiPropertyOptional({ example: 'EJ-2026-0042', description: 'Only while no invoice was charged to it' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) number?: string;
  @ApiPropertyOptional({ example: '2026-01-15' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) notificationDate?: string;
  @ApiPropertyOptional({ ...AMOUNT_DOC, description: 'Never below what invoices consume' }) @IsOptional() @IsString() @Matches(AMOUNT) amount?: string;
  @ApiPropertyOptional({ enum: ENGAGEMENT_STATUSES, description: 'INACTIVE: no new invoice may be charged to it' }) @IsOptional() @IsIn(ENGAGEMENT_STATUSES) status?: 'ACTIVE' | 'INACTIVE';
}

export class EngagementSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['issued', 'received'], description: 'issued: by my structures; received: made to my structures (as supplier); default both' })
  @IsOptional()
  @IsIn(['issued', 'received'])
  side?: 'issued' | 'received';
  @ApiPropertyOptional({ example: 'EJ-2026-0042' }) @IsOptional() @IsString() @MaxLength(50) number?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The issuing structure' }) @IsOptional() @IsUUID() structureId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() supplierStructureId?: string;
  @ApiPropertyOptional({ example: '91234567500017' }) @IsOptional() @Matches(SIRET) supplierIdentifier?: string;
  @ApiPropertyOptional({ enum: ENGAGEMENT_STATUSES }) @IsOptional() @IsIn(ENGAGEMENT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: ['notificationDate', 'createdAt', 'number', 'amount'], default: 'createdAt' })
  @IsOptional()
  @IsIn(['notificationDate', 'createdAt', 'number', 'amount'])
  sort?: 'notificationDate' | 'createdAt' | 'number' | 'amount';
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) direction?: 'asc' | 'desc';
}

export class EngagementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'idEngagementJuridique in the API mode' }) publicId: number;
  @ApiProperty() number: string;
  @ApiProperty({ enum: ENGAGEMENT_TYPES }) type: string;
  @ApiProperty({ enum: ENGAGEMENT_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ nullable: true, type: String }) structureName: string | null;
  @ApiProperty({ nullable: true, type: String }) serviceCode: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) supplierStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) supplierIdentifier: string | null;
  @ApiProperty({ nullable: true, type: String }) supplierName: string | null;
  @ApiProperty({ example: '2026-01-15' }) notificationDate: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ example: '12000.00', description: 'Amount including VAT' }) amount: string;
  @ApiProperty({ nullable: true, type: String }) amountExclTax: string | null;
  @ApiProperty({ example: '1200.00', description: 'What counting invoices consume (their totals incl. VAT)' }) consumed: string;
  @ApiProperty({ example: '10800.00', description: 'amount − consumed: the most the next invoice may carry' }) remaining: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ nullable: true, type: String }) contractNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ enum: ['ISSUER', 'SUPPLIER'], isArray: true, description: 'How the caller sees it' }) sides: string[];
}

export class EngagementInvoiceDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty() invoiceNumber: string;
  @ApiProperty({ example: '1200.00', description: 'The invoice’s total incl. VAT, as charged' }) amount: string;
  @ApiProperty() chargedAt: Date;
  @ApiProperty({ description: 'false once the invoice was rejected or recycled to another engagement' }) counts: boolean;
  @ApiProperty({ nullable: true, type: Date }) releasedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, enum: ['REJETEE', 'REFUSEE_1', 'RECYCLED'] }) releaseReason: string | null;
}

export class EngagementDetailDto extends EngagementDto {
  @ApiProperty({ type: EngagementInvoiceDto, isArray: true, description: 'Every invoice charged to it, in order' }) invoices: EngagementInvoiceDto[];
}

export class EngagementListingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) publicId: number;
  @ApiProperty() number: string;
  @ApiProperty({ enum: ENGAGEMENT_TYPES }) type: string;
  @ApiProperty({ enum: ENGAGEMENT_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty({ nullable: true, type: String }) serviceCode: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) supplierStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) supplierIdentifier: string | null;
  @ApiProperty() notificationDate: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() amount: string;
  @ApiProperty({ nullable: true, type: String }) amountExclTax: string | null;
  @ApiProperty() consumed: string;
  @ApiProperty() remaining: string;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) contractNumber: string | null;
}

export class EngagementPageDto extends PageDtoOf(EngagementListingDto) {}

class ImportIssueMessageDto {
  @ApiProperty() fr: string;
  @ApiProperty() en: string;
}

class ImportLineIssueDto {
  @ApiProperty({ example: 'amount' }) field: string;
  @ApiProperty({ example: 'ENGAGEMENTS.AMOUNT_INVALID' }) code: string;
  @ApiProperty({ type: ImportIssueMessageDto }) message: ImportIssueMessageDto;
}

class ImportLineDto {
  @ApiProperty({ type: 'integer', description: 'Line of the file (the header is line 1)' }) line: number;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ enum: ['CREATED', 'REFUSED'] }) status: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) engagementId: string | null;
  @ApiProperty({ type: ImportLineIssueDto, isArray: true }) errors: ImportLineIssueDto[];
}

export class EngagementImportReportDto {
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer' }) refused: number;
  @ApiProperty({ type: ImportLineDto, isArray: true }) lines: ImportLineDto[];
}
