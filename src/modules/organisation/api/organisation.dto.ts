import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../shared/http/pagination';
import { MOA_PRESENCES } from '../domain/structure-parameters';
import { STRUCTURE_IDENTIFIER_TYPES } from '../domain/structure-identifier';

const PHONE = /^\+?[0-9 ().-]{6,25}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StructureAddressDto {
  @ApiProperty({ example: '139 rue de Bercy' }) @IsString() @IsNotEmpty() @MaxLength(200) line1: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200) line2?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200) line3?: string | null;
  @ApiProperty({ example: '75012' }) @IsString() @IsNotEmpty() @MaxLength(20) postalCode: string;
  @ApiProperty({ example: 'Paris' }) @IsString() @IsNotEmpty() @MaxLength(100) city: string;
  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2' }) @Matches(/^[A-Z]{2}$/) country: string;
}

export class StructureParametersDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() serviceCodeRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() engagementRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() serviceCodeOrEngagementRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() paymentStatusNotReported?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() canReceiveEdi?: boolean;
  @ApiPropertyOptional({ enum: MOA_PRESENCES }) @IsOptional() @IsIn(MOA_PRESENCES) moaPresence?: (typeof MOA_PRESENCES)[number];
}

class StructureDataDto {
  @ApiPropertyOptional({ example: 'Liasse Démo Fournisseur SAS', description: 'Prefilled from the company registry when omitted (SIRET)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  companyName?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200) label?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @Matches(PHONE) phone?: string | null;
  @ApiPropertyOptional({ type: StructureAddressDto }) @IsOptional() @ValidateNested() @Type(() => StructureAddressDto) address?: StructureAddressDto;
  @ApiPropertyOptional({ description: 'INSEE "non diffusible"' }) @IsOptional() @IsBoolean() nonDiffusible?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(50) rcsNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @Matches(/^[A-Za-z]{2}[A-Za-z0-9 ]{2,15}$/) vatNumber?: string | null;
}

export class CreateStructureDto extends StructureDataDto {
  @ApiProperty({ enum: STRUCTURE_IDENTIFIER_TYPES, example: 'SIRET' }) @IsIn(STRUCTURE_IDENTIFIER_TYPES) identifierType: string;
  @ApiProperty({ example: '91234567500017' }) @IsString() @IsNotEmpty() @MaxLength(100) identifier: string;
  @ApiProperty({ enum: ['PRIVEE', 'PUBLIQUE'], description: 'PUBLIQUE: administrators only' }) @IsIn(['PRIVEE', 'PUBLIQUE']) structureType: 'PRIVEE' | 'PUBLIQUE';
}

export class UpdateStructureDto extends StructureDataDto {
  @ApiPropertyOptional({ type: StructureParametersDto }) @IsOptional() @ValidateNested() @Type(() => StructureParametersDto) parameters?: StructureParametersDto;
  @ApiPropertyOptional({ example: 30 }) @IsOptional() @IsInt() @Min(1) @Max(120) paymentDelayDays?: number;
}

export class StructureAddressViewDto {
  @ApiProperty() line1: string;
  @ApiProperty({ nullable: true, type: String }) line2: string | null;
  @ApiProperty({ nullable: true, type: String }) line3: string | null;
  @ApiProperty() postalCode: string;
  @ApiProperty() city: string;
  @ApiProperty() country: string;
}

export class StructureParametersViewDto {
  @ApiProperty() serviceCodeRequired: boolean;
  @ApiProperty() engagementRequired: boolean;
  @ApiProperty() serviceCodeOrEngagementRequired: boolean;
  @ApiProperty() paymentStatusNotReported: boolean;
  @ApiProperty() canReceiveEdi: boolean;
  @ApiProperty({ enum: MOA_PRESENCES }) moaPresence: string;
}

export class StructureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'idStructureCPP of the API mode' }) publicId: number;
  @ApiProperty() identifierType: string;
  @ApiProperty() identifier: string;
  @ApiProperty({ enum: ['PRIVEE', 'PUBLIQUE'] }) structureType: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: StructureAddressViewDto }) address: StructureAddressViewDto | null;
  @ApiProperty() nonDiffusible: boolean;
  @ApiProperty({ nullable: true, type: String }) rcsNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) vatNumber: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: StructureParametersViewDto }) parameters: StructureParametersViewDto;
  @ApiProperty() paymentDelayDays: number;
  @ApiProperty() createdAt: string;
}

export class CreateServiceDto {
  @ApiProperty({ example: 'SERVICE_ACHATS' }) @IsString() @Matches(/^[A-Za-z0-9_.-]{1,100}$/) code: string;
  @ApiProperty({ example: 'Service des achats' }) @IsString() @IsNotEmpty() @MaxLength(200) label: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
  @ApiProperty({ example: '2026-01-01' }) @Matches(ISO_DATE) activationStart: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: null }) @IsOptional() @Matches(ISO_DATE) activationEnd?: string | null;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() engagementRequired?: boolean;
}

export class UpdateServiceDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_.-]{1,100}$/) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) label?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(1000) description?: string | null;
  @ApiPropertyOptional() @IsOptional() @Matches(ISO_DATE) activationStart?: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) @IsOptional() @Matches(ISO_DATE) activationEnd?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() engagementRequired?: boolean;
}

export class ServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'idService of the API mode' }) publicId: number;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty() code: string;
  @ApiProperty() label: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() activationStart: string;
  @ApiProperty({ nullable: true, type: String }) activationEnd: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() engagementRequired: boolean;
}

export class FactorDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) companyName: string;
  @ApiProperty() @Matches(/^[A-Z]{2}$/) country: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(80) identifier: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20) identifierType: string;
}

/** The text fields of the multipart form (the file is the part named `file`). */
export class BankAccountFieldsDto {
  @ApiProperty({ example: 'Compte principal' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: ['IBAN', 'RIB'] }) @IsIn(['IBAN', 'RIB']) accountType: 'IBAN' | 'RIB';
  @ApiPropertyOptional({ example: 'FR' }) @IsOptional() @Matches(/^[A-Z]{2}$/) country?: string;
  @ApiPropertyOptional({ example: 'FR7630006000011234567890189' }) @IsOptional() @IsString() @MaxLength(50) iban?: string;
  @ApiPropertyOptional({ example: 'AGRIFRPP' }) @IsOptional() @IsString() @MaxLength(15) bic?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) bankCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) branchCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) accountNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4) ribKey?: string;
  @ApiPropertyOptional({ description: 'Factor company name (with the three other factor fields)' }) @IsOptional() @IsString() @MaxLength(200) factorCompanyName?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z]{2}$/) factorCountry?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(80) factorIdentifier?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) factorIdentifierType?: string;
}

export class FileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
}

export class RibDto {
  @ApiProperty() bankCode: string;
  @ApiProperty() branchCode: string;
  @ApiProperty() accountNumber: string;
  @ApiProperty() key: string;
}

export class FactorViewDto {
  @ApiProperty() companyName: string;
  @ApiProperty() country: string;
  @ApiProperty() identifier: string;
  @ApiProperty() identifierType: string;
}

export class BankAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'idCoordonneeBancaire of the API mode (codeCoordonneesBancairesFournisseur of factures/v1/soumettre)' }) publicId: number;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['IBAN', 'RIB'] }) accountType: string;
  @ApiProperty() country: string;
  @ApiProperty() iban: string;
  @ApiProperty({ nullable: true, type: String }) bic: string | null;
  @ApiProperty({ nullable: true, type: RibDto }) rib: RibDto | null;
  @ApiProperty({ nullable: true, type: FactorViewDto }) factor: FactorViewDto | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: FileDto }) supportingFile: FileDto | null;
  @ApiProperty() createdAt: string;
}

export class StructureDocumentFieldsDto {
  @ApiPropertyOptional({ description: 'Defaults to the file name' }) @IsOptional() @IsString() @MaxLength(200) label?: string;
}

export class StructureDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) structureId: string;
  @ApiProperty() label: string;
  @ApiProperty({ nullable: true, type: FileDto }) file: FileDto | null;
  @ApiProperty() createdAt: string;
}

export class DirectoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Identifier, name or city (substring)' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class DirectoryEntryDto {
  @ApiProperty() publicId: number;
  @ApiProperty() identifierType: string;
  @ApiProperty() identifier: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty() serviceCodeRequired: boolean;
  @ApiProperty() engagementRequired: boolean;
  @ApiProperty() serviceCodeOrEngagementRequired: boolean;
}

export class DirectoryPageDto extends PageDtoOf(DirectoryEntryDto) {}

export class DirectoryServiceDto {
  @ApiProperty() code: string;
  @ApiProperty() label: string;
  @ApiProperty() engagementRequired: boolean;
}

export class DirectoryStructureDto extends DirectoryEntryDto {
  @ApiProperty({ type: DirectoryServiceDto, isArray: true, description: 'Active services' }) services: DirectoryServiceDto[];
}
