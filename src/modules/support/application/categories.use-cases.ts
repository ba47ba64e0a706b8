import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { SupportCategory } from '../domain/support-category.entity';
import { TicketObjectType } from '../domain/support-reference';
import { SupportSubCategory } from '../domain/support-sub-category.entity';
import { SupportErrors } from '../domain/support.errors';

export interface SubCategoryView {
  code: string;
  categoryCode: string;
  label: string;
  routing: string;
  objectType: string | null;
  objectRequired: boolean;
  position: number;
  active: boolean;
}

export interface CategoryView {
  code: string;
  label: string;
  position: number;
  active: boolean;
  subCategories: SubCategoryView[];
}

const subView = (s: SupportSubCategory): SubCategoryView => ({
  code: s.code,
  categoryCode: s.categoryCode,
  label: s.label,
  routing: s.routing,
  objectType: s.objectType,
  objectRequired: s.objectRequired,
  position: s.position,
  active: s.active,
});

const categoryView = (c: SupportCategory, subs: SupportSubCategory[]): CategoryView => ({
  code: c.code,
  label: c.label,
  position: c.position,
  active: c.active,
  subCategories: subs.filter((s) => s.categoryCode === c.code).map(subView),
});

/** Categories and their sub-categories; inactive ones only for administrators (`all`). */
@Injectable()
export class ListCategories {
  constructor(private readonly em: EntityManager) {}

  async execute(all: boolean): Promise<CategoryView[]> {
    const where = all ? {} : { active: true };
    const [categories, subs] = await Promise.all([
      this.em.find(SupportCategory, where, { orderBy: { position: 'asc', code: 'asc' } }),
      this.em.find(SupportSubCategory, where, { orderBy: { position: 'asc', code: 'asc' } }),
    ]);
    return categories.map((c) => categoryView(c, subs));
  }
}

async function unique<T>(code: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new DomainError(SupportErrors.CATEGORY_EXISTS, { code }, 'code');
    throw error;
  }
}

@Injectable()
export class CreateCategory {
  constructor(private readonly em: EntityManager) {}

  async execute(input: { code: string; label: string; position?: number }): Promise<CategoryView> {
    return unique(input.code, () =>
      this.em.transactional(async (em) => {
        if (await em.count(SupportCategory, { code: input.code })) throw new DomainError(SupportErrors.CATEGORY_EXISTS, { code: input.code }, 'code');
        const category = new SupportCategory(input.code, input.label.trim(), input.position ?? 0);
        em.persist(category);
        return categoryView(category, []);
      }),
    );
  }
}

@Injectable()
export class UpdateCategory {
  constructor(private readonly em: EntityManager) {}

  async execute(code: string, input: { label?: string; position?: number; active?: boolean }): Promise<CategoryView> {
    return this.em.transactional(async (em) => {
      const category = await em.findOne(SupportCategory, { code });
      if (!category) throw new DomainError(SupportErrors.CATEGORY_NOT_FOUND, { code });
      if (input.label !== undefined) category.label = input.label.trim();
      if (input.position !== undefined) category.position = input.position;
      if (input.active !== undefined) category.active = input.active;
      const subs = await em.find(SupportSubCategory, { categoryCode: code }, { orderBy: { position: 'asc', code: 'asc' } });
      return categoryView(category, subs);
    });
  }
}

export interface SubCategoryInput {
  code: string;
  label: string;
  objectType?: TicketObjectType | null;
  objectRequired?: boolean;
  position?: number;
}

@Injectable()
export class CreateSubCategory {
  constructor(private readonly em: EntityManager) {}

  async execute(categoryCode: string, input: SubCategoryInput): Promise<SubCategoryView> {
    return unique(input.code, () =>
      this.em.transactional(async (em) => {
        if (!(await em.count(SupportCategory, { code: categoryCode }))) throw new DomainError(SupportErrors.CATEGORY_NOT_FOUND, { code: categoryCode });
        if (await em.count(SupportSubCategory, { code: input.code })) throw new DomainError(SupportErrors.CATEGORY_EXISTS, { code: input.code }, 'code');
        if (input.objectRequired && !input.objectType) throw new DomainError(SupportErrors.OBJECT_REQUIRED, { objectType: 'FACTURE | DEMANDE_REMBOURSEMENT' }, 'objectType');
        const sub = new SupportSubCategory({ categoryCode, ...input, label: input.label.trim() });
        em.persist(sub);
        return subView(sub);
      }),
    );
  }
}

@Injectable()
export class UpdateSubCategory {
  constructor(private readonly em: EntityManager) {}

  /**
   * Unknown category in the path: 404 SUPPORT.CATEGORY_NOT_FOUND; unknown sub-category (or one of another
   * category): 404 COMMON.NOT_FOUND (SUPPORT.SUB_CATEGORY_NOT_FOUND is the 400 of a ticket's body field).
   */
  async execute(
    categoryCode: string,
    code: string,
    input: { label?: string; objectType?: TicketObjectType | null; objectRequired?: boolean; position?: number; active?: boolean },
  ): Promise<SubCategoryView> {
    return this.em.transactional(async (em) => {
      if (!(await em.count(SupportCategory, { code: categoryCode }))) throw new DomainError(SupportErrors.CATEGORY_NOT_FOUND, { code: categoryCode });
      const sub = await em.findOne(SupportSubCategory, { code, categoryCode });
      if (!sub) throw new DomainError(CommonErrors.NOT_FOUND);
      if (input.label !== undefined) sub.relabel(input.label.trim());
      if (input.objectType !== undefined) sub.objectType = input.objectType;
      if (input.objectRequired !== undefined) sub.objectRequired = input.objectRequired;
      if (input.position !== undefined) sub.position = input.position;
      if (input.active !== undefined) sub.active = input.active;
      if (sub.objectRequired && !sub.objectType) throw new DomainError(SupportErrors.OBJECT_REQUIRED, { objectType: 'FACTURE | DEMANDE_REMBOURSEMENT' }, 'objectType');
      return subView(sub);
    });
  }
}
