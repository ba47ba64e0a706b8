import type { Knex } from 'knex';
import type { PoolClient } from 'pg';

/**
 * Streams the rows of a query in batches from a server-side cursor (DECLARE … FETCH n) on a dedicated
 * connection inside a read-only transaction: memory stays bounded by one batch whatever the row count.
 * The connection goes back to the pool when the consumer finishes or stops early.
 */
export async function* cursorBatches<Row>(knex: Knex, query: { sql: string; bindings: readonly unknown[] }, batchSize = 500): AsyncGenerator<Row[]> {
  const client = (await knex.client.acquireConnection()) as PoolClient;
  let open = false;
  try {
    await client.query('begin transaction read only');
    open = true;
    await client.query(`declare export_cursor no scroll cursor for ${query.sql}`, [...query.bindings]);
    for (;;) {
      const batch = await client.query(`fetch ${batchSize} from export_cursor`);
      if (batch.rows.length === 0) break;
      yield batch.rows as Row[];
    }
    await client.query('commit');
    open = false;
  } finally {
    if (open) await client.query('rollback').catch(() => undefined);
    await knex.client.releaseConnection(client);
  }
}
