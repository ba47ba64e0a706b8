import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { errorCatalogue } from '../domain/domain-error';
import { ApiProblems } from './api-problems';

class ErrorCodeDto {
  @ApiProperty({ example: 'ACCOUNTS.LINK_INVALID' })
  code: string;
  @ApiProperty({ example: 410 })
  status: number;
  @ApiProperty()
  fr: string;
  @ApiProperty()
  en: string;
}

/** The error catalogue as data, so integrators can map codes without reading our source. */
@ApiTags('reference')
@Controller('api/v1/error-codes')
export class ErrorCodesController {
  @Public()
  @Get()
  @ApiOperation({ operationId: 'listErrorCodes', summary: 'Every error code with its HTTP status and texts (FR/EN)' })
  @ApiOkResponse({ type: ErrorCodeDto, isArray: true })
  @ApiProblems([], { publicRoute: true })
  list(): ErrorCodeDto[] {
    return errorCatalogue().map(({ code, status, fr, en }) => ({ code, status, fr, en }));
  }
}
