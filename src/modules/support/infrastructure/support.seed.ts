import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SandboxSeed, SandboxSeedProvider, SeedReport } from '../../../shared/seed/sandbox-seed';
import { routingOf, REFERENCE_CATEGORIES } from '../domain/support-reference';

/**
 * The reference categories and sub-categories (the migration inserts them too). Idempotent: rows that
 * exist are left alone, so an administrator's edits survive `npm start`.
 */
@SandboxSeedProvider(50)
@Injectable()
export class SupportSeed implements SandboxSeed {
  constructor(private readonly em: EntityManager) {}

  async run(): Promise<SeedReport> {
    let categories = 0;
    let subCategories = 0;
    const connection = this.em.getConnection();
    for (const [i, category] of REFERENCE_CATEGORIES.entries()) {
      const inserted = await connection.execute<{ code: string }[]>(
        'insert into support_category (code, label, position, active) values (?, ?, ?, true) on conflict (code) do nothing returning code',
        [category.code, category.label, i + 1],
      );
      categories += inserted.length;
      for (const [j, sub] of category.subCategories.entries()) {
        const rows = await connection.execute<{ code: string }[]>(
          `insert into support_sub_category (code, category_code, label, routing, object_type, object_required, position, active)
           values (?, ?, ?, ?, ?, ?, ?, true) on conflict (code) do nothing returning code`,
          [sub.code, category.code, sub.label, routingOf(sub.label), sub.objectType ?? null, sub.objectRequired ?? false, j + 1],
        );
        subCategories += rows.length;
      }
    }
    // What is there, then what this run added: on a fresh database the migration has inserted them all already.
    const totalSubCategories = REFERENCE_CATEGORIES.reduce((n, c) => n + c.subCategories.length, 0);
    return {
      title: 'Support',
      lines: [`Ticket categories: ${REFERENCE_CATEGORIES.length} (${categories} added now), sub-categories: ${totalSubCategories} (${subCategories} added now)`],
    };
  }
}
