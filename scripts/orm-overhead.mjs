#!/usr/bin/env node
// What the ORM adds to a transaction: the same statements run three ways, alternated, and the client's CPU
// per transaction compared (docs/benchmarks/archive-2026.md, "2026-11-26 (second session)"). Each transaction reads an
// invoice FOR UPDATE and its lifecycle, updates both, and rolls back: the database is left as it was.
//   npm run build && DATABASE_URL=postgres://…/liasse_bench node scripts/orm-overhead.mjs [iterations] [rounds]
// Needs a migrated database with invoices (npm run bench:data, or the seeded sandbox).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
require('reflect-metadata');
const { LockMode, MikroORM } = require('@mikro-orm/postgresql');
const { Client } = require('pg');
const { ormOptions } = require('../dist/src/shared/persistence/orm-options');
const { Invoice } = require('../dist/src/modules/invoicing/domain/invoice.entity');
const { InvoiceState } = require('../dist/src/modules/lifecycle/domain/invoice-state.entity');

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liasse_bench';
const iterations = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 3);

class Rollback extends Error {}
const rolledBack = (error) => {
  if (!(error instanceof Rollback)) throw error;
};

const orm = await MikroORM.init({ ...ormOptions(url, 2), allowGlobalContext: true });
const pg = new Client({ connectionString: url });
await pg.connect();
const ids = (await pg.query('select i.id from invoice i join invoice_lifecycle l on l.invoice_id = i.id limit $1', [iterations])).rows.map((r) => r.id);
if (ids.length === 0) throw new Error(`No invoice in ${url}: run npm run bench:data (or npm run seed) first`);

const variants = {
  /** Entities: two loads, two changed properties, one flush (what the use cases do). */
  entities: (id) =>
    orm.em
      .fork()
      .transactional(async (em) => {
        const invoice = await em.findOneOrFail(Invoice, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const state = await em.findOneOrFail(InvoiceState, { invoiceId: id });
        invoice.updatedAt = new Date();
        state.statusChangedAt = new Date();
        await em.flush();
        throw new Rollback();
      })
      .catch(rolledBack),
  /** The same SQL through the ORM's connection and transaction, no entity. */
  'orm-sql': (id) =>
    orm.em
      .fork()
      .transactional(async (em) => {
        await em.execute('select * from invoice where id = ? for update', [id]);
        const [state] = await em.execute('select * from invoice_lifecycle where invoice_id = ?', [id]);
        await em.execute('update invoice set updated_at = ? where id = ?', [new Date(), id]);
        await em.execute('update invoice_lifecycle set status_changed_at = ?, version = version + 1 where invoice_id = ? and version = ?', [new Date(), id, state.version]);
        throw new Rollback();
      })
      .catch(rolledBack),
  /** The same SQL through pg directly. */
  pg: async (id) => {
    await pg.query('begin');
    await pg.query('select * from invoice where id = $1 for update', [id]);
    const { rows } = await pg.query('select * from invoice_lifecycle where invoice_id = $1', [id]);
    await pg.query('update invoice set updated_at = $1 where id = $2', [new Date(), id]);
    await pg.query('update invoice_lifecycle set status_changed_at = $1, version = version + 1 where invoice_id = $2 and version = $3', [new Date(), id, rows[0].version]);
    await pg.query('rollback');
  },
};

console.log(`${ids.length} transactions per variant and round, ${rounds} rounds (the first one warms up)`);
for (let round = 1; round <= rounds; round++) {
  const line = [];
  for (const [name, run] of Object.entries(variants)) {
    const before = process.cpuUsage();
    for (const id of ids) await run(id);
    const used = process.cpuUsage(before);
    line.push(`${name} ${((used.user + used.system) / 1000 / ids.length).toFixed(2)} ms`);
  }
  console.log(`round ${round}: client CPU per transaction — ${line.join(', ')}`);
}
await pg.end();
await orm.close();
