import { applyDecorators, type Type as Class } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;
/** Keeps `(page - 1) * pageSize` far inside PostgreSQL's bigint OFFSET (a larger page is a 400, not a 500). */
export const MAX_PAGE = 1_000_000;

/**
 * The `page` / `pageSize` query parameters of a paginated list: pages count from 1, 1–200 items a page
 * (20 by default), as the invoice and ticket searches take them. A list's query DTO extends it.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE, description: 'Page number, from 1; a page past the end is empty (total still given)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** The envelope every paginated list answers with (invoices, tickets, members, approvals…). */
export interface Page<T> {
  items: T[];
  /** How many items match the filters, over all pages. */
  total: number;
  page: number;
  pageSize: number;
}

/** A validated page request, with the LIMIT / OFFSET it stands for. */
export interface PageRequest {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

export function pageRequest(query: { page?: number; pageSize?: number }, defaultPageSize = DEFAULT_PAGE_SIZE): PageRequest {
  const page = Math.min(MAX_PAGE, Math.max(1, Math.trunc(query.page ?? 1)));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? defaultPageSize)));
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

export function pageOf<T>(request: PageRequest, items: T[], total: number): Page<T> {
  return { items, total, page: request.page, pageSize: request.pageSize };
}

/**
 * The OpenAPI schema of the envelope for one item type: `class MemberPageDto extends PageDtoOf(MemberDto) {}`
 * (the subclass gives the schema its name).
 */
export function PageDtoOf<T>(item: Class<T>): Class<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: item, isArray: true }) items: T[];
    @ApiProperty({ type: 'integer', description: 'How many items match the filters, over all pages' }) total: number;
    @ApiProperty({ type: 'integer', description: 'This page, from 1' }) page: number;
    @ApiProperty({ type: 'integer' }) pageSize: number;
  }
  return PageDto;
}

/** 200 of a list that answers a page in JSON or, with `?format=csv`, a file. */
export function ApiPageOrCsvResponse(page: Class<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(page),
    ApiOkResponse({
      description: 'A page (JSON), or with format=csv a file of every matching row',
      content: { 'application/json': { schema: { $ref: getSchemaPath(page) } }, 'text/csv': { schema: { type: 'string' } } },
    }),
  );
}
