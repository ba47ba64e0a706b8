import { MikroORM } from '@mikro-orm/postgresql';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The database built from the committed migrations (the test template) is exactly what the entities
 * describe: an entity changed without its migration fails here (run `npm run migration:create`).
 */
describe('migrations and entities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('need no new migration', async () => {
    const orm = t.app.get(MikroORM);
    expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    if (diff.trim() !== '') throw new Error(`The entities differ from the migrated schema; generate a migration. Difference:\n${diff}`);
  });
});
