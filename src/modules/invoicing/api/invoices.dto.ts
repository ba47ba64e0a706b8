import { ValidationReportDto } from './flows.dto';
import { PageDtoOf, PageQueryDto } from '../../../shared/http/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { codesOf, CURRENCIES, INVOICE_TYPES, PAYMENT_MODES, VAT_REGIMES } from '../domain/reference';
import { SORTABLE } from '../infrastructure/invoice-search';

const AMOUNT = /^\d{1,13}([.,]\d{1,2})?$/;
const RATE = /^\d{1,3}([.,]\d{1,4})?$/;
const QUANTITY = /^-?\d{1,12}([.,]\d{1,6})?$/;
/** Not zero: a price base quantity divides. */
const POSITIVE_QUANTITY = /^(?!0+(?:[.,]0*)?$)\d{1,12}([.,]\d{1,6})?$/;
const AMOUNT_DOC = { type: String, example: '1000.00', description: 'Decimal, at most 2 decimals (string)' };
const WEB_DEPOSIT_MODES = ['SAISIE_WEB', 'DEPOT_PDF_WEB', 'SAISIE_API', 'DEPOT_PDF_API'];

export class VatBreakdownLineDto {
  @ApiProperty({ example: '20' }) @IsString() @Matches(RATE) rate: string;
  @ApiProperty(AMOUNT_DOC) @IsString() @Matches(AMOUNT) taxableAmount: string;
  @ApiProperty(AMOUNT_DOC) @IsString() @Matches(AMOUNT) vatAmount: string;
}

export class InvoiceLineDto {
  @ApiProperty() @IsString() @MaxLength(500) description: string;
  @ApiProperty({ example: '1' }) @IsString() @Matches(QUANTITY) quantity: string;
  @ApiProperty({ example: '100.00' }) @IsString() @Matches(/^\d{1,13}([.,]\d{1,6})?$/) unitPrice: string;
  @ApiPropertyOptional({ example: '12', description: 'The unit price is for this many units (EN 16931 BT-149, e.g. a price per 12 months); absent: 1.' })
  @IsOptional()
  @IsString()
  @Matches(POSITIVE_QUANTITY)
  priceBaseQuantity?: string;
  @ApiProperty({ example: '20' }) @IsString() @Matches(RATE) vatRate: string;
  @ApiProperty(AMOUNT_DOC) @IsString() @Matches(AMOUNT) amountExclTax: string;
}

/** Every draft field; all optional on a draft (submission checks what is required). */
export class DraftFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @IsOptional() @IsUUID() supplierServiceId?: string | null;
  @ApiPropertyOptional({ example: 'A1_FACTURE_FOURNISSEUR' }) @IsOptional() @IsString() @MaxLength(60) billingFramework?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @IsOptional() @IsUUID() recipientStructureId?: string | null;
  @ApiPropertyOptional({ description: 'Recipient SIRET (instead of recipientStructureId)', example: '11000201100044' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  recipientIdentifier?: string;
  @ApiPropertyOptional({ description: 'Shortcut: the recipient is the State (SIRET 11000201100044)' }) @IsOptional() @IsBoolean() recipientIsState?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(100) recipientServiceCode?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Validation circuit (A9, A12 only): the validating structure (main contractor, group representative)' })
  @IsOptional()
  @IsUUID()
  validatorStructureId?: string | null;
  @ApiPropertyOptional({ description: 'The validating structure by SIRET (instead of validatorStructureId)', example: '11000201100044' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  validatorIdentifier?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'F-2026-0001' }) @IsOptional() @IsString() @MaxLength(20) number?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) invoiceDate?: string | null;
  @ApiPropertyOptional({ example: 'EUR' }) @IsOptional() @IsIn(codesOf(CURRENCIES)) currency?: string;
  @ApiPropertyOptional({ enum: codesOf(INVOICE_TYPES) }) @IsOptional() @IsIn(codesOf(INVOICE_TYPES)) type?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(50) engagementNumber?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(50) contractNumber?: string | null;
  @ApiPropertyOptional({ enum: codesOf(VAT_REGIMES), nullable: true }) @IsOptional() @IsIn(codesOf(VAT_REGIMES)) vatRegime?: string | null;
  @ApiPropertyOptional({ enum: codesOf(PAYMENT_MODES), nullable: true }) @IsOptional() @IsIn(codesOf(PAYMENT_MODES)) paymentMode?: string | null;
  @ApiPropertyOptional(AMOUNT_DOC) @IsOptional() @IsString() @Matches(AMOUNT) totalExclTax?: string | null;
  @ApiPropertyOptional(AMOUNT_DOC) @IsOptional() @IsString() @Matches(AMOUNT) totalVat?: string | null;
  @ApiPropertyOptional(AMOUNT_DOC) @IsOptional() @IsString() @Matches(AMOUNT) totalInclTax?: string | null;
  @ApiPropertyOptional(AMOUNT_DOC) @IsOptional() @IsString() @Matches(AMOUNT) amountDue?: string | null;
  @ApiPropertyOptional({ type: VatBreakdownLineDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VatBreakdownLineDto)
  vatBreakdown?: VatBreakdownLineDto[];
  @ApiPropertyOptional({ type: InvoiceLineDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines?: InvoiceLineDto[];
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @IsOptional() @IsUUID() bankAccountId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) comment?: string | null;
  @ApiPropertyOptional({ enum: WEB_DEPOSIT_MODES, default: 'SAISIE_WEB' }) @IsOptional() @IsIn(WEB_DEPOSIT_MODES) depositMode?: string;
}

export class CreateDraftDto extends DraftFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The supplier structure (Factures émises – modification required)' })
  @IsUUID()
  supplierStructureId: string;
}

export class UpdateDraftDto extends DraftFieldsDto {}

export class InvoiceIdDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class InvoiceFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['main', 'additional', 'rendered'], description: 'rendered: the Factur-X the platform made of an invoice deposited without a document' }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class InvoiceDocumentQueryDto {
  @ApiPropertyOptional({
    enum: ['facturx', 'cii', 'ubl'],
    description: 'facturx: PDF/A-3 with the CII XML embedded; cii, ubl: the XML alone. Absent: the legal document (the deposited PDF, else the Factur-X)',
  })
  @IsOptional()
  @IsIn(['facturx', 'cii', 'ubl'])
  format?: 'facturx' | 'cii' | 'ubl';
}

export class InvoiceFileUploadDto {
  @ApiProperty({ enum: ['main', 'additional'] }) kind: string;
  @ApiProperty({ type: 'string', format: 'binary' }) file: unknown;
}

export class InvoiceIssuanceDto {
  @ApiProperty({ format: 'uuid', description: 'The mandatary structure that issued it' }) issuerStructureId: string;
  @ApiProperty({ format: 'uuid', description: 'The billing mandate it was issued under' }) mandateId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The issuing user (null: a technical account)' }) issuedBy: string | null;
}

export class InvoiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: Number, description: 'identifiantFactureCPP' }) publicId: number | null;
  @ApiProperty({ enum: ['SUPPLIER', 'RECIPIENT', 'VALIDATOR'], description: 'The side the caller sees the invoice from (VALIDATOR: the validating structure of an A9/A12 invoice)' }) side: string;
  @ApiProperty({ format: 'uuid' }) supplierStructureId: string;
  @ApiProperty({ nullable: true, type: String }) supplierServiceId: string | null;
  @ApiProperty() billingFramework: string;
  @ApiProperty({ nullable: true, type: String }) recipientStructureId: string | null;
  @ApiProperty() recipientIsState: boolean;
  @ApiProperty({ nullable: true, type: String }) recipientServiceCode: string | null;
  @ApiProperty({ nullable: true, type: String }) recipientServiceId: string | null;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) invoiceDate: string | null;
  @ApiProperty() currency: string;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, type: String }) engagementNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) contractNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) vatRegime: string | null;
  @ApiProperty({ nullable: true, type: String }) paymentMode: string | null;
  @ApiProperty({ nullable: true, type: String }) totalExclTax: string | null;
  @ApiProperty({ nullable: true, type: String }) totalVat: string | null;
  @ApiProperty({ nullable: true, type: String }) totalInclTax: string | null;
  @ApiProperty({ nullable: true, type: String }) amountDue: string | null;
  @ApiProperty({ type: VatBreakdownLineDto, isArray: true }) vatBreakdown: VatBreakdownLineDto[];
  @ApiProperty({ type: InvoiceLineDto, isArray: true }) lines: InvoiceLineDto[];
  @ApiProperty({ nullable: true, type: String }) bankAccountId: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() depositMode: string;
  @ApiProperty({ nullable: true, type: String }) depositFlowNumber: string | null;
  @ApiProperty({ example: 'MISE_A_DISPOSITION' }) status: string;
  @ApiProperty({ nullable: true, type: Number, example: 203, description: '2026 reform lifecycle code' }) reformCode: number | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) madeAvailableAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) paymentDeadline: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty() rejectionAcknowledged: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Validation circuit (A9, A12): the validating structure; its decision is in the history' })
  validatorStructureId: string | null;
  @ApiProperty({ type: InvoiceFileDto, isArray: true }) files: InvoiceFileDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: () => InvoiceIssuanceDto, description: 'Issued in the supplier’s name under a billing mandate: by whom; null when the supplier issued it' })
  issuance: InvoiceIssuanceDto | null;
}

const toList = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);
const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class InvoiceSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['supplier', 'recipient', 'mandatary'], default: 'supplier', description: 'mandatary: invoices your structures issued in other suppliers’ names under billing mandates' })
  @IsOptional()
  @IsIn(['supplier', 'recipient', 'mandatary'])
  role?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() recipientStructureId?: string;
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @Transform(toBool) @IsBoolean() isState?: boolean;
  @ApiPropertyOptional({ description: 'Recipient service code the invoice was routed to' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  recipientServiceCode?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'Recipient side: downloaded (true) or not yet downloaded (false) by the recipient' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  downloaded?: boolean;
  @ApiPropertyOptional({
    type: Boolean,
    description:
      'Overdue (true): past the payment deadline (the day after it, in France) while the payment clock runs — MISE_A_DISPOSITION, COMPLETEE, SERVICE_FAIT, MANDATEE, ' +
      'MISE_A_DISPOSITION_COMPTABLE, COMPTABILISEE; not once in payment, rejected, suspended or to be recycled. false: every other invoice. Same rule as `overdue` of an invoice.',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ enum: codesOf(INVOICE_TYPES) }) @IsOptional() @IsIn(codesOf(INVOICE_TYPES)) type?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() supplierStructureId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() supplierServiceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) billingFramework?: string;
  @ApiPropertyOptional({ description: 'One status or several, comma-separated', example: 'SUSPENDUE,A_RECYCLER' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(20)
  status?: string[];
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) dateFrom?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) dateTo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20) number?: string;
  @ApiPropertyOptional({ description: 'Invoices carrying this engagement number' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) engagementNumber?: string;
  @ApiPropertyOptional({ enum: Object.keys(SORTABLE), default: 'createdAt' }) @IsOptional() @IsIn(Object.keys(SORTABLE)) sort?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) direction?: 'asc' | 'desc';
}

export class InvoiceSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() publicId: number;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) invoiceDate: string | null;
  @ApiProperty() type: string;
  @ApiProperty() status: string;
  @ApiProperty() billingFramework: string;
  @ApiProperty() supplierStructureId: string;
  @ApiProperty({ nullable: true, type: String }) supplierServiceId: string | null;
  @ApiProperty({ nullable: true, type: String }) recipientStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) recipientServiceCode: string | null;
  @ApiProperty({ nullable: true, type: String }) engagementNumber: string | null;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) totalExclTax: string | null;
  @ApiProperty({ nullable: true, type: String }) totalVat: string | null;
  @ApiProperty({ nullable: true, type: String }) totalInclTax: string | null;
  @ApiProperty({ nullable: true, type: String }) amountDue: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ description: 'Past its payment deadline while the payment clock runs (as `overdue` of an invoice)' }) overdue: boolean;
  @ApiProperty({ description: 'Rejected, and the supplier acknowledged the rejection ("traiter le rejet")' }) rejectionAcknowledged: boolean;
}

export class InvoicePageDto extends PageDtoOf(InvoiceSummaryDto) {}

export class ImportNoticeDto {
  @ApiProperty({ example: 'recipientIdentifier', description: 'The draft field left empty' }) field: string;
  @ApiProperty({ example: '21690123100011', description: 'The document’s value' }) value: string;
  @ApiProperty({ example: 'INVOICING.RECIPIENT_NOT_FOUND' }) code: string;
  @ApiProperty({ example: 'Le destinataire est introuvable.' }) messageFr: string;
  @ApiProperty({ example: 'The recipient does not exist.' }) message: string;
}

/** A draft started from a document: its id, what the document was read as, and the report of its rules. */
export class ImportedDraftDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['FACTURX', 'PDF', 'UBL', 'CII'], description: 'PDF: a PDF without structured data (nothing pre-filled)' }) source: string;
  @ApiProperty({ type: ValidationReportDto, nullable: true, description: 'The reader’s and EN 16931 rules’ findings; null for a plain PDF' })
  report: ValidationReportDto | null;
  @ApiProperty({ type: ImportNoticeDto, isArray: true, description: 'Values of the document the draft could not take' }) notices: ImportNoticeDto[];
}

export class InvoiceStatusQueryDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: 100, description: 'Invoice ids (ids and numbers: at most 100 together)' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 100, example: ['F-2026-0042'], description: 'Invoice numbers: each names every invoice of that number the caller may read' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(20, { each: true })
  numbers?: string[];
}

export class InvoiceStatusDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'idFacture on /cpro' }) publicId: number;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ enum: ['SUPPLIER', 'RECIPIENT'], description: 'The side the caller reads it from (recipient first), which decides the status shown' }) side: string;
  @ApiProperty({ example: 'MISE_A_DISPOSITION', description: 'The current status as that side sees it (as GET /api/v1/invoices/{id})' }) status: string;
  @ApiProperty({ nullable: true, type: Number, description: '2026 reform lifecycle code of that status' }) reformCode: number | null;
  @ApiProperty({ format: 'date-time', description: 'When the status last changed' }) statusChangedAt: string;
  @ApiProperty({ format: 'uuid' }) supplierStructureId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recipientStructureId: string | null;
}

export class InvoiceStatusNotFoundDto {
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) ids: string[];
  @ApiProperty({ type: String, isArray: true }) numbers: string[];
}

export class InvoiceStatusesDto {
  @ApiProperty({ type: InvoiceStatusDto, isArray: true, description: 'Oldest first; an invoice asked both by id and by number appears once' }) items: InvoiceStatusDto[];
  @ApiProperty({ type: InvoiceStatusNotFoundDto, description: 'Ids and numbers that match no invoice the caller may read (unknown or not visible: the same answer)' })
  notFound: InvoiceStatusNotFoundDto;
  @ApiProperty({ description: 'More than 1000 invoices matched (numbers shared by many invoices): only the first 1000 are listed' }) truncated: boolean;
}
