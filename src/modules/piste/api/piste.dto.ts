import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Envelope of every /cpro answer (documentation only: bodies are read leniently, answers are plain objects). */
export class PisteAnswerDto {
  @ApiProperty({ example: 0, description: '0 = success; otherwise see GET /api/v1/piste/return-codes' }) codeRetour: number;
  @ApiProperty({ example: 'TRA_MSG_00.000' }) libelle: string;
}

export class PisteErrorDto extends PisteAnswerDto {
  @ApiProperty({ example: 'PISTE.FIELD_REQUIRED' }) codeErreur: string;
  @ApiPropertyOptional({ example: 'numeroFactureSaisi' }) champ?: string;
  @ApiPropertyOptional() requestId?: string;
}

export class ReturnCodeDto {
  @ApiProperty({ example: 1001 }) codeRetour: number;
  @ApiProperty({ example: 'PISTE.FIELD_REQUIRED' }) code: string;
  @ApiProperty({ example: 400 }) httpStatus: number;
  @ApiProperty() fr: string;
  @ApiProperty() en: string;
}
