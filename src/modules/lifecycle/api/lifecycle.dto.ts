import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { INVOICE_STATUSES } from '../domain/invoice-status';
import { INVOICE_NOTIFICATION_KINDS } from '../domain/notification-opt-out.entity';

export class TransitionDto {
  @ApiProperty({ enum: INVOICE_STATUSES, example: 'SUSPENDUE' }) @IsString() @IsNotEmpty() @MaxLength(40) status: string;
  @ApiPropertyOptional({ description: 'Required for SUSPENDUE, A_RECYCLER, REJETEE; kept as the history comment' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
  @ApiPropertyOptional({ description: 'Required for MANDATEE' }) @IsOptional() @IsString() @MaxLength(50) mandateNumber?: string;
}

export class CompletionDto {
  @ApiPropertyOptional({ description: 'What was added or corrected (upload additional files beforehand)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RecyclingDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() recipientStructureId?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(100) recipientServiceCode?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(50) engagementNumber?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class LifecycleStateDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty() status: string;
  @ApiProperty() supplierStatus: string;
  @ApiProperty({ nullable: true, type: Number }) reformCode: number | null;
  @ApiProperty({ nullable: true, type: Number }) supplierReformCode: number | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) madeAvailableAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) paymentDeadline: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty() rejectionAcknowledged: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Validation circuit (A9, A12): the validating structure; its decision is in the history' })
  validatorStructureId: string | null;
}

export class HistoryItemDto {
  @ApiProperty() seq: number;
  @ApiProperty() status: string;
  @ApiProperty() labelFr: string;
  @ApiProperty({ nullable: true, type: Number }) reformCode: number | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['user', 'technical-account', 'system'] }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) structureId: string | null;
  @ApiProperty({ nullable: true, type: String }) serviceId: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ nullable: true, type: String }) mandateNumber: string | null;
}

export class AllowedTransitionsDto {
  @ApiProperty({ enum: ['SUPPLIER', 'RECIPIENT'] }) side: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, isArray: true }) allowed: string[];
}

export class WorklistItemDto {
  @ApiProperty({ format: 'uuid' }) invoiceId: string;
  @ApiProperty({ nullable: true, type: Number }) publicId: number | null;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String }) invoiceDate: string | null;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty() supplierStructureId: string;
  @ApiProperty({ nullable: true, type: String }) recipientStructureId: string | null;
  @ApiProperty({ nullable: true, type: String }) amountDue: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Validation circuit (A9, A12): the validating structure' }) validatorStructureId: string | null;
}

export class ValidationDecisionDto {
  @ApiProperty({ enum: ['VALIDEE_1', 'REFUSEE_1'], example: 'VALIDEE_1' }) @IsIn(['VALIDEE_1', 'REFUSEE_1']) status: string;
  @ApiPropertyOptional({ description: 'Required to refuse (REFUSEE_1); kept as the history comment' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ValidatorListQueryDto {
  @ApiPropertyOptional({ enum: ['A_VALIDER_1', 'VALIDEE_1', 'REFUSEE_1'], description: 'Default A_VALIDER_1 (waiting for the validator)' })
  @IsOptional()
  @IsIn(['A_VALIDER_1', 'VALIDEE_1', 'REFUSEE_1'])
  status?: string;
}

export class NotificationPreferenceDto {
  @ApiProperty({ enum: INVOICE_NOTIFICATION_KINDS }) @IsIn(INVOICE_NOTIFICATION_KINDS) kind: string;
  @ApiProperty() @IsBoolean() enabled: boolean;
}
