import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../../shared/domain/domain-error';
import { SupportCategory } from '../domain/support-category.entity';
import { SupportSubCategory } from '../domain/support-sub-category.entity';
import { SupportErrors } from '../domain/support.errors';

/** An active sub-category and its active category, or SUPPORT.SUB_CATEGORY_NOT_FOUND. */
export async function activeSubCategory(em: EntityManager, code: string): Promise<{ category: SupportCategory; subCategory: SupportSubCategory }> {
  const subCategory = await em.findOne(SupportSubCategory, { code, active: true });
  const category = subCategory ? await em.findOne(SupportCategory, { code: subCategory.categoryCode, active: true }) : null;
  if (!subCategory || !category) throw new DomainError(SupportErrors.SUB_CATEGORY_NOT_FOUND, { code }, 'subCategoryCode');
  return { category, subCategory };
}
