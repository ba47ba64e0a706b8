import { PageDtoOf, PageQueryDto } from '../../../shared/http/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { TICKET_OBJECT_TYPES } from '../domain/support-reference';
import { TICKET_STATUSES } from '../domain/ticket-status';
import { TICKET_SORTABLE, TICKET_VIEWS } from '../infrastructure/ticket-search';

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

export class OpenTicketDto {
  @ApiProperty({ example: 'FE_M_DESTINATAIRE', description: 'Sub-category code (GET /api/v1/support/categories); it decides the category and the routing' })
  @IsString()
  @Matches(CODE)
  subCategoryCode: string;
  @ApiPropertyOptional({ enum: TICKET_OBJECT_TYPES, description: 'Type of the object the ticket is about (required by some sub-categories)' })
  @IsOptional()
  @IsIn(TICKET_OBJECT_TYPES)
  objectType?: (typeof TICKET_OBJECT_TYPES)[number];
  @ApiPropertyOptional({ example: 'F-2026-0001', description: 'Its number (an invoice the emitting structure can see)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  objectNumber?: string;
  @ApiProperty({ format: 'uuid', description: 'Emitting structure (Sollicitations émises – modification required)' }) @IsUUID() emitterStructureId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() emitterServiceId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'For "M -" questions without an invoice: the public structure asked' })
  @IsOptional()
  @IsUUID()
  receiverStructureId?: string;
  @ApiPropertyOptional({ description: 'Defaults to the user’s contact e-mail' }) @IsOptional() @IsEmail() @MaxLength(254) contactEmail?: string;
  @ApiProperty({ example: 'Date de paiement de ma facture' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ example: 'Bonjour, pouvez-vous me dire…' }) @IsString() @IsNotEmpty() @MaxLength(20000) description: string;
}

export class TicketCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CPROCS0000042' }) number: string;
}

export class TicketMessageDto {
  @ApiProperty({ example: 'Le bon de commande est le BC-2026-17.' }) @IsString() @IsNotEmpty() @MaxLength(20000) message: string;
}

export class TicketTransitionDto {
  @ApiProperty({ enum: TICKET_STATUSES }) @IsString() @IsIn(TICKET_STATUSES) status: string;
  @ApiPropertyOptional({ description: 'Required to ask for information, to resolve, to answer and to send back' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  message?: string;
}

export class TicketFileUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, PNG, JPEG, GIF or ZIP, at most 10 MB' }) file: unknown;
}

export class TicketFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class TicketActivityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['CREATED', 'MESSAGE', 'STATUS_CHANGED', 'FILE_ADDED'] }) kind: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['EMITTER', 'RECEIVER'] }) side: string;
  @ApiProperty({ example: 'user' }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) fileId: string | null;
}

export class TicketInvoiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty({ example: 'MISE_A_DISPOSITION', description: 'Current status, as the viewer’s side sees it' }) status: string;
  @ApiProperty({ example: '/api/v1/invoices/0190…/history' }) historyPath: string;
}

export class TicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CPROCS0000042' }) number: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryLabel: string;
  @ApiProperty() subCategoryCode: string;
  @ApiProperty() subCategoryLabel: string;
  @ApiProperty({ enum: ['BUSINESS', 'PLATFORM'] }) routing: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: string;
  @ApiProperty({ enum: ['EMITTER', 'RECEIVER'], isArray: true, description: 'The sides the caller sees the ticket from' }) sides: string[];
  @ApiProperty({ enum: TICKET_STATUSES, isArray: true, description: 'Statuses the caller may move the ticket to' }) allowedTransitions: string[];
  @ApiProperty({ nullable: true, type: String, enum: TICKET_OBJECT_TYPES }) objectType: string | null;
  @ApiProperty({ nullable: true, type: String }) objectNumber: string | null;
  @ApiProperty({ nullable: true, type: TicketInvoiceDto }) invoice: TicketInvoiceDto | null;
  @ApiProperty({ nullable: true, type: String }) emitterStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) emitterStructureName: string | null;
  @ApiProperty({ nullable: true, type: String }) emitterServiceId: string | null;
  @ApiProperty({ nullable: true, type: String }) emitterUserId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null for platform tickets (handled by administrators)' }) receiverStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) receiverStructureName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The receiver’s service (the invoice’s): members of another service do not see the ticket' })
  receiverServiceId: string | null;
  @ApiProperty() contactEmail: string;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ type: TicketActivityDto, isArray: true }) activities: TicketActivityDto[];
  @ApiProperty({ type: TicketFileDto, isArray: true }) files: TicketFileDto[];
}

export class TicketRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryLabel: string;
  @ApiProperty() subCategoryCode: string;
  @ApiProperty() subCategoryLabel: string;
  @ApiProperty({ enum: ['BUSINESS', 'PLATFORM'] }) routing: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, enum: ['EMITTER', 'RECEIVER'], description: 'Whose turn it is' }) waitingFor: string | null;
  @ApiProperty({ nullable: true, type: String }) objectType: string | null;
  @ApiProperty({ nullable: true, type: String }) objectNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) emitterStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) receiverStructureId: string | null;
  @ApiProperty() contactEmail: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
}

export class TicketPageDto extends PageDtoOf(TicketRowDto) {}

export class TicketSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TICKET_VIEWS, default: 'TOUS_SAUF_CLOTURES', description: 'ACTIONS_REQUISES: waiting for me; TOUS_SAUF_CLOTURES; CLOTURES' })
  @IsOptional()
  @IsIn(TICKET_VIEWS)
  view?: (typeof TICKET_VIEWS)[number];
  @ApiPropertyOptional({ description: 'Keyword searched in number, title, description, category, sub-category, object number' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ enum: TICKET_STATUSES }) @IsOptional() @IsIn(TICKET_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE) categoryCode?: string;
  @ApiPropertyOptional({ enum: Object.keys(TICKET_SORTABLE), default: 'createdAt' }) @IsOptional() @IsIn(Object.keys(TICKET_SORTABLE)) sort?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) direction?: 'asc' | 'desc';
}

export class SubCategoryDto {
  @ApiProperty({ example: 'FE_M_DESTINATAIRE' }) code: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ example: 'M - Question pour le destinataire de ma facture' }) label: string;
  @ApiProperty({ enum: ['BUSINESS', 'PLATFORM'], description: '"M -" sub-categories go to the recipient structure; others to platform support' }) routing: string;
  @ApiProperty({ nullable: true, type: String, enum: TICKET_OBJECT_TYPES }) objectType: string | null;
  @ApiProperty() objectRequired: boolean;
  @ApiProperty() position: number;
  @ApiProperty() active: boolean;
}

export class CategoryDto {
  @ApiProperty({ example: 'FACTURES_EMISES' }) code: string;
  @ApiProperty({ example: 'Factures émises' }) label: string;
  @ApiProperty() position: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: SubCategoryDto, isArray: true }) subCategories: SubCategoryDto[];
}

export class CategoryListQueryDto {
  @ApiPropertyOptional({ description: 'Administrators: include inactive entries', enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) all?: string;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'DEMATERIALISATION' }) @IsString() @Matches(CODE) code: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(120) label: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(999) position?: number;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(120) label?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(999) position?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class CreateSubCategoryDto {
  @ApiProperty({ example: 'DEM_TRAITEMENT' }) @IsString() @Matches(CODE) code: string;
  @ApiProperty({ example: 'M - Question pour une entité publique' }) @IsString() @IsNotEmpty() @MaxLength(160) label: string;
  @ApiPropertyOptional({ enum: TICKET_OBJECT_TYPES, nullable: true }) @IsOptional() @IsIn(TICKET_OBJECT_TYPES) objectType?: (typeof TICKET_OBJECT_TYPES)[number] | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() objectRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(999) position?: number;
}

export class UpdateSubCategoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(160) label?: string;
  @ApiPropertyOptional({ enum: TICKET_OBJECT_TYPES, nullable: true }) @IsOptional() @IsIn([...TICKET_OBJECT_TYPES, null]) objectType?: (typeof TICKET_OBJECT_TYPES)[number] | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() objectRequired?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(999) position?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class ContactFormDto {
  @ApiProperty({ example: 'marie.curie@example.fr' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Marie' }) @IsString() @IsNotEmpty() @MaxLength(100) firstName: string;
  @ApiProperty({ example: 'Curie' }) @IsString() @IsNotEmpty() @MaxLength(100) lastName: string;
  @ApiPropertyOptional({ example: 'MC_TRAITEMENT', description: 'A platform sub-category (not "M -"); default MC_TRAITEMENT (Mon compte)' })
  @IsOptional()
  @IsString()
  @Matches(CODE)
  subCategoryCode?: string;
  @ApiProperty({ example: 'Je ne peux plus me connecter' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) description: string;
  @ApiPropertyOptional({ description: 'Id from GET /api/v1/captcha (required unless captchas are disabled)' }) @IsOptional() @IsUUID() captchaId?: string;
  @ApiPropertyOptional({ example: 'a7Kp3' }) @IsOptional() @IsString() @MaxLength(10) captchaAnswer?: string;
}

export class ContactAcceptedDto {
  @ApiProperty({ example: 'Votre demande est enregistrée ; une confirmation vous est envoyée par e-mail.' }) message: string;
}
