import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { SupportCategoryCatalog, SupportCategorySummary } from '../../support/contracts/categories';
import { PisteErrors } from '../domain/piste.errors';
import { block, Body, integer, paging, parametresRetour, text } from '../domain/readers';
import { OK } from './piste-common';

const folded = (value: string): string => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const matches = (label: string, fragment: string | undefined): boolean => fragment === undefined || folded(label).includes(folded(fragment));

/**
 * The support ticket categories (sollicitations) of the API mode: `transverses/v1/rechercher/categorieSollicitation`
 * and `rechercher/sousCategorieSollicitation`, shapes of go-choruspro transverses_categories.go. The active
 * categories only (the portal's ticket form). Categories are identified by their code: there is no integer
 * `idTechniqueCategorie`, so filtering by it is refused with the field named (send `codeCategorie`).
 */
@Injectable()
export class PisteSollicitations {
  constructor(private readonly catalog: SupportCategoryCatalog) {}

  private static noTechnicalId(body: Body): void {
    if (integer(body, 'idTechniqueCategorie') !== undefined) {
      throw new DomainError(PisteErrors.FIELD_INVALID, { field: 'idTechniqueCategorie', reason: 'les catégories sont identifiées par codeCategorie' }, 'idTechniqueCategorie');
    }
  }

  async categories(body: Body) {
    PisteSollicitations.noTechnicalId(body);
    const page = paging(block(body, 'pagination'), { direction: 'asc' });
    const code = text(body, 'codeCategorie');
    const label = text(body, 'libelleCategorie');
    const found = (await this.catalog.active()).filter((c) => (code === undefined || c.code === code) && matches(c.label, label));
    return {
      ...OK,
      listeCategories: found.slice((page.page - 1) * page.pageSize, page.page * page.pageSize).map((c) => ({ codeCategorie: c.code, libelleCategorie: c.label })),
      parametresRetour: parametresRetour(page, found.length),
    };
  }

  /** Sub-categories by their code or label, within one category (`codeCategorie`) or all, grouped by category. */
  async subCategories(body: Body) {
    PisteSollicitations.noTechnicalId(body);
    const page = paging(block(body, 'pagination'), { direction: 'asc' });
    const category = text(body, 'codeCategorie');
    const code = text(body, 'code');
    const label = text(body, 'libelle');
    const groups = (await this.catalog.active())
      .filter((c) => category === undefined || c.code === category)
      .map((c): SupportCategorySummary => ({ ...c, subCategories: c.subCategories.filter((s) => (code === undefined || s.code === code) && matches(s.label, label)) }))
      .filter((c) => c.subCategories.length > 0);
    return {
      ...OK,
      listeSousCategories: groups.slice((page.page - 1) * page.pageSize, page.page * page.pageSize).map((c) => ({
        categorie: [{ codeCategorie: c.code, libelleCategorie: c.label }],
        ssCategorie: c.subCategories.map((s) => ({ code: s.code, libelle: s.label, estActif: true })),
      })),
      parametresRetour: parametresRetour(page, groups.length),
    };
  }
}
