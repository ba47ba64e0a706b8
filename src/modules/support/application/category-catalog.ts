import { Injectable } from '@nestjs/common';
import { SupportCategoryCatalog, SupportCategorySummary } from '../contracts/categories';
import { ListCategories } from './categories.use-cases';

/** The active categories as the portal's ticket form lists them (ListCategories), for other contexts. */
@Injectable()
export class SupportCategoryCatalogService extends SupportCategoryCatalog {
  constructor(private readonly categories: ListCategories) {
    super();
  }

  async active(): Promise<SupportCategorySummary[]> {
    return (await this.categories.execute(false)).map((c) => ({
      code: c.code,
      label: c.label,
      subCategories: c.subCategories.map((s) => ({ code: s.code, label: s.label })),
    }));
  }
}
