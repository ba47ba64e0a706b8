import { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';

const statementNames = new Map<string, string>();

/** A name per distinct SQL text: the same text always gets the same name, two texts never share one. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `raw_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * One bound statement (extended protocol: parameters travel apart from the SQL text), in the caller's
 * transaction when there is one (same snapshot, no second pool connection). For hot read paths whose
 * answer is a plain view: an entity load costs several times the query itself in hydration and
 * identity-map work (architecture D15), and a view needs neither. Also for writes the ORM would make
 * worse: rows carrying file bytes (a flush inlines a Buffer as hex text) and records that are one
 * statement by nature (insert … on conflict … returning), as architecture D18 says.
 *
 * The statement is prepared under a name derived from its text, so each pooled connection parses and
 * plans it once: PostgreSQL then spends about 60 % less CPU on these key lookups (docs/benchmarks/archive-2026.md).
 * Callers therefore pass fixed SQL text (values go in `params`), as they must anyway; a query whose text
 * varies, or whose best plan depends on its values, passes `prepared: false` (unnamed: planned each time
 * with its values). Behind PgBouncer in transaction mode, named statements need PgBouncer ≥ 1.21 with
 * `max_prepared_statements` set (docs/operations.md).
 */
export async function rawRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  { prepared = true }: { prepared?: boolean } = {},
): Promise<T[]> {
  const query = em.getKnex().raw<{ rows: T[] }>(sql, params as Knex.RawBinding[]);
  if (prepared) query.options({ name: statementName(sql) });
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  return (await query).rows;
}
