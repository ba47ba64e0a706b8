import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { errorCatalogue } from '../../../shared/domain/domain-error';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { returnCodeOf } from '../domain/return-codes';
import { ReturnCodeDto } from './piste.dto';

/** The /cpro return codes as data: every error code with its codeRetour and texts (FR/EN). */
@ApiTags('piste')
@Controller('api/v1/piste/return-codes')
export class ReturnCodesController {
  @Public()
  @Get()
  @ApiOperation({ operationId: 'listPisteReturnCodes', summary: 'Every codeRetour of the API mode with its error code and texts (0 = success)' })
  @ApiOkResponse({ type: ReturnCodeDto, isArray: true })
  @ApiProblems([CommonErrors.SERVICE_UNAVAILABLE], { publicRoute: true })
  listPisteReturnCodes(): ReturnCodeDto[] {
    return [
      { codeRetour: 0, code: 'TRA_MSG_00.000', httpStatus: 200, fr: 'Opération réussie.', en: 'Success.' },
      ...errorCatalogue().map((e) => ({ codeRetour: returnCodeOf(e.code), code: e.code, httpStatus: e.status, fr: e.fr, en: e.en })),
    ];
  }
}
