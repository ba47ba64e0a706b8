import { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from 'knex';

/**
 * One bound statement (extended protocol: parameters travel apart from the SQL text), in the caller's
 * transaction when there is one (same snapshot, no second pool connection). For hot read paths whose
 * answer is a plain view: an entity load costs several times the query itself in hydration and
 * identity-map work (docs/benchmarks.md), and a view needs neither.
 */
export async function rawRows<T>(em: EntityManager, sql: string, params: readonly Knex.RawBinding[] = []): Promise<T[]> {
  const query = em.getKnex().raw<{ rows: T[] }>(sql, params as Knex.RawBinding[]);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  return (await query).rows;
}
