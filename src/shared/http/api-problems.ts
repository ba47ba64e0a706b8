import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { DefinedError } from '../domain/domain-error';
import { CommonErrors } from '../domain/common.errors';

class FieldIssueMessageDto {
  @ApiProperty() fr: string;
  @ApiProperty() en: string;
}

class FieldIssueDto {
  @ApiProperty({ example: 'loginEmail' }) field: string;
  @ApiProperty({ example: 'isEmail' }) code: string;
  @ApiProperty({ type: FieldIssueMessageDto }) message: FieldIssueMessageDto;
  @ApiPropertyOptional({ example: 'BR-CO-13', description: 'The rule broken: EN 16931 id (BR-CO-…) or the platform\'s own (LIASSE-…).' }) rule?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { expected: '1200.00', actual: '1300.00' } })
  values?: Record<string, string>;
  @ApiPropertyOptional({ example: 'BT-112' }) businessTerm?: string;
  @ApiPropertyOptional() location?: string;
}

/** RFC 9457 problem document as every /api error is written. */
export class ProblemDto {
  @ApiProperty({ example: 'https://liasse.dev/errors/ACCOUNTS.LINK_INVALID' }) type: string;
  @ApiProperty({ example: 'ACCOUNTS.LINK_INVALID' }) title: string;
  @ApiProperty({ example: 410 }) status: number;
  @ApiProperty({ description: 'Message in the language asked for by Accept-Language (French by default)' }) detail: string;
  @ApiProperty({ description: 'Stable error code (see GET /api/v1/error-codes)', example: 'ACCOUNTS.LINK_INVALID' }) code: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ description: 'The input field the error concerns' }) field?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) params?: Record<string, unknown>;
  @ApiProperty({ type: FieldIssueMessageDto }) messages: FieldIssueMessageDto;
  @ApiPropertyOptional({ type: FieldIssueDto, isArray: true }) errors?: FieldIssueDto[];
}

const seconds = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });

/** What a 429 carries (shared/http/throttle.ts; docs/api-guide.md, "Rate limits"). */
const THROTTLED_HEADERS = {
  'Retry-After': seconds('Seconds until a request is accepted again'),
  'RateLimit-Limit': seconds('Requests allowed per window (draft-ietf-httpapi-ratelimit-headers-06)'),
  'RateLimit-Remaining': seconds('Requests left in the window: 0'),
  'RateLimit-Reset': seconds('Seconds until the quota is back: equal to Retry-After'),
  'RateLimit-Policy': { description: '`<limit>;w=<window seconds>`', schema: { type: 'string', example: '20;w=60' } },
};

/**
 * Documents the error answers of a route: one response per HTTP status, listing the codes it can
 * carry. Authenticated routes get 401 automatically unless `publicRoute` is set; validation adds 400.
 */
export function ApiProblems(errors: DefinedError[], options: { publicRoute?: boolean; validated?: boolean } = {}): MethodDecorator {
  const all = [...errors];
  if (!options.publicRoute) all.push(CommonErrors.UNAUTHENTICATED);
  if (options.validated !== false) all.push(CommonErrors.VALIDATION_FAILED);
  const byStatus = new Map<number, string[]>();
  for (const e of all) byStatus.set(e.status, [...new Set([...(byStatus.get(e.status) ?? []), e.code])]);
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...[...byStatus.entries()].map(([status, codes]) =>
      ApiResponse({
        status,
        description: `Error codes: ${codes.join(', ')}`,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
        ...(status === 429 ? { headers: THROTTLED_HEADERS } : {}),
      }),
    ),
  );
}
