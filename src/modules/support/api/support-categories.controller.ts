import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../shared/auth/actor';
import { AdminOnly, CurrentActor } from '../../../shared/auth/decorators';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { ApiProblems } from '../../../shared/http/api-problems';
import { CreateCategory, CreateSubCategory, ListCategories, UpdateCategory, UpdateSubCategory } from '../application/categories.use-cases';
import { isAdministrator } from '../application/ticket-access';
import { SupportErrors as E } from '../domain/support.errors';
import { CategoryDto, CategoryListQueryDto, CreateCategoryDto, CreateSubCategoryDto, SubCategoryDto, UpdateCategoryDto, UpdateSubCategoryDto } from './support.dto';
import { Idempotent } from '../../../shared/idempotency/idempotency';

@ApiTags('support')
@Controller('api/v1/support')
export class SupportCategoriesController {
  constructor(
    private readonly list: ListCategories,
    private readonly createCategory: CreateCategory,
    private readonly updateCategory: UpdateCategory,
    private readonly createSub: CreateSubCategory,
    private readonly updateSub: UpdateSubCategory,
  ) {}

  @Get('categories')
  @ApiOperation({ operationId: 'listSupportCategories', summary: 'Ticket categories and sub-categories (routing, object required)' })
  @ApiOkResponse({ type: CategoryDto, isArray: true })
  @ApiProblems([])
  listSupportCategories(@CurrentActor() actor: Actor, @Query() query: CategoryListQueryDto): Promise<CategoryDto[]> {
    return this.list.execute(query.all === 'true' && isAdministrator(actor));
  }

  @Post('categories')
  @AdminOnly()
  @ApiOperation({ operationId: 'createSupportCategory', summary: 'Add a category (platform administrators)' })
  @ApiCreatedResponse({ type: CategoryDto })
  @ApiProblems([E.CATEGORY_EXISTS, CommonErrors.FORBIDDEN])
  @Idempotent()
  createSupportCategory(@Body() body: CreateCategoryDto): Promise<CategoryDto> {
    return this.createCategory.execute(body);
  }

  @Patch('categories/:code')
  @AdminOnly()
  @ApiOperation({ operationId: 'updateSupportCategory', summary: 'Rename, reorder, activate or deactivate a category (platform administrators)' })
  @ApiOkResponse({ type: CategoryDto })
  @ApiProblems([E.CATEGORY_NOT_FOUND, CommonErrors.FORBIDDEN])
  updateSupportCategory(@Param('code') code: string, @Body() body: UpdateCategoryDto): Promise<CategoryDto> {
    return this.updateCategory.execute(code, body);
  }

  @Post('categories/:code/sub-categories')
  @AdminOnly()
  @ApiOperation({ operationId: 'createSupportSubCategory', summary: 'Add a sub-category; a label starting with "M -" routes to the recipient structure (platform administrators)' })
  @ApiCreatedResponse({ type: SubCategoryDto })
  @ApiProblems([E.CATEGORY_NOT_FOUND, E.CATEGORY_EXISTS, E.OBJECT_REQUIRED, CommonErrors.FORBIDDEN])
  @Idempotent()
  createSupportSubCategory(@Param('code') code: string, @Body() body: CreateSubCategoryDto): Promise<SubCategoryDto> {
    return this.createSub.execute(code, body);
  }

  @Patch('categories/:code/sub-categories/:subCode')
  @AdminOnly()
  @ApiOperation({ operationId: 'updateSupportSubCategory', summary: 'Edit a sub-category: label (and so routing), object flag, order, active (platform administrators)' })
  @ApiOkResponse({ type: SubCategoryDto })
  @ApiProblems([E.CATEGORY_NOT_FOUND, CommonErrors.NOT_FOUND, E.OBJECT_REQUIRED, CommonErrors.FORBIDDEN])
  updateSupportSubCategory(@Param('code') code: string, @Param('subCode') subCode: string, @Body() body: UpdateSubCategoryDto): Promise<SubCategoryDto> {
    return this.updateSub.execute(code, subCode, body);
  }
}
