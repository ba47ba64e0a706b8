/**
 * What other contexts may read of the support categories (the API mode's
 * transverses/v1/rechercher/categorieSollicitation and sousCategorieSollicitation): the active categories
 * and their active sub-categories, in their display order. Plain data, never entities.
 */
export interface SupportSubCategorySummary {
  code: string;
  label: string;
}

export interface SupportCategorySummary {
  code: string;
  label: string;
  subCategories: SupportSubCategorySummary[];
}

export abstract class SupportCategoryCatalog {
  abstract active(): Promise<SupportCategorySummary[]>;
}
