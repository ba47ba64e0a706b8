import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FindingMessageDto {
  @ApiProperty({ example: 'Le numéro de facture FA-2026-001 a déjà été utilisé par ce fournisseur en 2026.' }) fr: string;
  @ApiProperty({ example: 'Invoice number FA-2026-001 was already used by this supplier in 2026.' }) en: string;
}

export class FindingReformDto {
  @ApiProperty({ example: 213, description: '2026 reform lifecycle status the refusal amounts to' }) status: number;
  @ApiProperty({ example: 'DOUBLON', description: 'Reform status reason code (MDT-113)' }) reason: string;
}

/** One finding of a validation report (src/lib/einvoice/report.ts). */
export class FindingDto {
  @ApiProperty({ example: 'LIASSE-DUPLICATE-NUMBER', description: 'Rule id: EN 16931 (BR-CO-15…, syntax rules UBL-SR-…, CII-DT-…), French CIUS (BR-FR-…) or ours (LIASSE-…)' })
  rule: string;
  @ApiProperty({ enum: ['file', 'en16931', 'platform', 'duplicate', 'recipient'] }) stage: string;
  @ApiProperty({ enum: ['fatal', 'error', 'warning', 'information'] }) severity: string;
  @ApiPropertyOptional({ example: '/Invoice/cbc:ID', description: 'XPath of the element concerned' }) location?: string;
  @ApiPropertyOptional({ example: 'BT-1', description: 'EN 16931 business term or group' }) businessTerm?: string;
  @ApiProperty({ type: FindingMessageDto }) message: FindingMessageDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { number: 'FA-2026-001', year: '2026' } })
  values?: Record<string, string>;
  @ApiPropertyOptional({ type: FindingReformDto }) reform?: FindingReformDto;
}

export class ValidationReportDto {
  @ApiProperty({ description: 'True only when processing completed and no finding is fatal or an error' }) valid: boolean;
  @ApiPropertyOptional({ example: 'UBL', description: 'What the document was read as (UBL, CII, FACTURX)' }) syntax?: string;
  @ApiProperty({ type: FindingDto, isArray: true }) findings: FindingDto[];
}

export class FlowDocumentReportDto {
  @ApiProperty({ example: 'lot/facture-1.xml', description: 'The file of the flow the document came from' }) sourceName: string;
  @ApiProperty({ type: String, nullable: true, example: 'FA-2026-001' }) invoiceNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: '35600000000048' }) supplierIdentifier: string | null;
  @ApiProperty({ type: String, nullable: true, example: '11000201100044' }) recipientIdentifier: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The invoice created from the document; null when refused' })
  invoiceId: string | null;
  @ApiProperty({ type: ValidationReportDto }) report: ValidationReportDto;
}

/** A deposited flow's full report: its state, the findings about the flow, and each document's report. */
export class FlowReportDto {
  @ApiProperty({ example: 'CPP0000000042' }) flowNumber: string;
  @ApiProperty({ example: 'IN_DP_E1_UBL_INVOICE' }) syntax: string;
  @ApiProperty({ example: 'lot.tar.gz' }) fileName: string;
  @ApiProperty({ format: 'date-time' }) depositedAt: string;
  @ApiProperty({ enum: ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP', 'IN_EN_COURS_TRAITEMENT_CPP', 'IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'] })
  state: string;
  @ApiProperty({ format: 'date-time' }) stateChangedAt: string;
  @ApiProperty({ description: 'True once processing is over (the state will not change)' }) final: boolean;
  @ApiProperty({ type: FindingDto, isArray: true, description: 'Findings about the whole flow (unreadable archive, technical incident)' })
  findings: FindingDto[];
  @ApiProperty({ type: FlowDocumentReportDto, isArray: true, description: 'Every invoice document of the flow, in order (empty until processed)' })
  documents: FlowDocumentReportDto[];
}

export class PreflightDocumentDto {
  @ApiProperty({ example: 'facture.xml', description: 'The file (or archive entry) the document came from' }) sourceName: string;
  @ApiProperty({ type: String, nullable: true, example: 'FA-2026-001' }) invoiceNumber: string | null;
  @ApiProperty({ type: ValidationReportDto }) report: ValidationReportDto;
}

/** A file validated as a deposit would read it, without depositing it. */
export class PreflightResultDto {
  @ApiProperty({ example: 'IN_DP_E1_UBL_INVOICE', description: 'The flow syntax the file was read as (given, or recognised from its content)' })
  syntax: string;
  @ApiProperty({ type: ValidationReportDto, nullable: true, description: 'Set when nothing in the file could be read (no document then)' })
  fatal: ValidationReportDto | null;
  @ApiProperty({ type: PreflightDocumentDto, isArray: true }) documents: PreflightDocumentDto[];
}

/** A flow deposited through the REST API: processed by the workers; its report says what became of each document. */
export class FlowDepositedDto {
  @ApiProperty({ example: 'CPP0000000042' }) flowNumber: string;
  @ApiProperty({ example: 'IN_DP_E1_UBL_INVOICE' }) syntax: string;
  @ApiProperty({ example: 'IN_RECU' }) state: string;
  @ApiProperty({ format: 'date-time' }) depositedAt: string;
  @ApiPropertyOptional({ description: 'true: the same file was deposited by the structure less than 10 minutes ago; this is that flow, not a second one' })
  duplicate?: boolean;
}
