import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { ApiProblems } from '../../../shared/http/api-problems';
import { pageOf, pageRequest } from '../../../shared/http/pagination';
import { GetDirectoryStructure, SearchDirectory } from '../application/directory.use-cases';
import { OrganisationErrors } from '../domain/organisation.errors';
import { DirectoryPageDto, DirectoryQueryDto, DirectoryStructureDto } from './organisation.dto';

/** The public directory of public structures (no login). */
@ApiTags('directory')
@Public()
@Controller('api/v1/directory/structures')
export class DirectoryController {
  constructor(
    private readonly search: SearchDirectory,
    private readonly detail: GetDirectoryStructure,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'searchDirectory', summary: 'Search public structures by identifier, name or city' })
  @ApiOkResponse({ type: DirectoryPageDto })
  @ApiProblems([], { publicRoute: true })
  async searchDirectory(@Query() query: DirectoryQueryDto): Promise<DirectoryPageDto> {
    const request = pageRequest(query);
    const { items, total } = await this.search.execute({ q: query.q, limit: request.limit, offset: request.offset });
    return pageOf(request, items, total);
  }

  @Get(':identifier')
  @ApiOperation({ operationId: 'getDirectoryStructure', summary: 'A public structure: what its invoices need, and its active services' })
  @ApiOkResponse({ type: DirectoryStructureDto })
  @ApiProblems([OrganisationErrors.STRUCTURE_NOT_FOUND], { publicRoute: true, validated: false })
  getDirectoryStructure(@Param('identifier') identifier: string): Promise<DirectoryStructureDto> {
    return this.detail.execute(identifier);
  }
}
