import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PisteAnswerDto, PisteErrorDto } from './piste.dto';

/** One /cpro operation: POST, JSON body read leniently, 200 with codeRetour 0, 400 with a non-zero codeRetour. */
export function CproOperation(path: string, operationId: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    ApiOperation({ operationId, summary }),
    ApiBody({ schema: { type: 'object', additionalProperties: true }, required: false, description: 'PISTE request (see docs/connect-your-erp.md); unknown fields are ignored' }),
    ApiOkResponse({ type: PisteAnswerDto, description: 'codeRetour 0 and the operation’s fields' }),
    ApiBadRequestResponse({ type: PisteErrorDto, description: 'Business error: non-zero codeRetour, libelle naming the field' }),
    ApiUnauthorizedResponse({ type: PisteErrorDto, description: 'Missing/expired token, or bad technical account (WWW-Authenticate: Bearer realm="PISTE",…)' }),
    ApiForbiddenResponse({ type: PisteErrorDto, description: 'API group not allowed for this application, or missing grant' }),
  );
}
