import { RowCache, RowChangeListener, RowChanges } from './row-changes';

/** The cache's rules, with the notifications driven by hand (the e2e spec drives them through PostgreSQL). */
describe('RowCache', () => {
  function setUp(maxEntries?: number) {
    let listener!: RowChangeListener;
    const changes = { live: true, ttlMs: 60_000, inTransaction: false, subscribe: (_table: string, l: RowChangeListener) => (listener = l) };
    const cache = new RowCache<string>(changes as unknown as RowChanges, 'table', { maxEntries });
    let reads = 0;
    const load = (value: string | undefined) => async () => {
      reads++;
      return value;
    };
    return { changes, cache, listener: () => listener, load, reads: () => reads };
  }

  it('serves a stored value until its key changes', async () => {
    const { cache, listener, load, reads } = setUp();
    expect(await cache.get('a', load('1'))).toBe('1');
    expect(await cache.get('a', load('2'))).toBe('1');
    listener().changed('a');
    expect(await cache.get('a', load('3'))).toBe('3');
    expect(reads()).toBe(2);
  });

  it('does not store a read that was in flight when its key changed, nor an undefined one', async () => {
    const { cache, listener, load } = setUp();
    let release!: () => void;
    const pending = cache.get('a', async () => {
      await new Promise<void>((r) => (release = r));
      return 'before the change';
    });
    listener().changed('a');
    release();
    expect(await pending).toBe('before the change');
    expect(await cache.get('a', load('after'))).toBe('after');
    await cache.get('b', load(undefined));
    expect(await cache.get('b', load('now'))).toBe('now');
  });

  it('stores nothing and serves nothing while changes are not listened to', async () => {
    const { changes, cache, load } = setUp();
    await cache.get('a', load('1'));
    changes.live = false;
    expect(await cache.get('a', load('2'))).toBe('2');
    expect(cache.size).toBe(1);
  });

  it('forgets everything on reset and keeps at most maxEntries, dropping the oldest', async () => {
    const { cache, listener, load } = setUp(2);
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('c', load('c'));
    expect(await cache.get('a', load('a2'))).toBe('a2');
    listener().reset();
    expect(cache.size).toBe(0);
  });

  it('does not store what a transaction read', async () => {
    const { changes, cache, load } = setUp();
    changes.inTransaction = true;
    await cache.get('a', load('uncommitted'));
    changes.inTransaction = false;
    expect(await cache.get('a', load('committed'))).toBe('committed');
  });

  it('keyed otherwise, drops the entries whose value the change names', async () => {
    let listener!: RowChangeListener;
    const changes = { live: true, ttlMs: 60_000, inTransaction: false, subscribe: (_table: string, l: RowChangeListener) => (listener = l) };
    const cache = new RowCache<{ id: string }>(changes as unknown as RowChanges, 'table', { changedIn: (value, id) => value.id === id });
    await cache.get('SIRET:1', async () => ({ id: 'a' }));
    await cache.get('SIRET:2', async () => ({ id: 'b' }));
    listener.changed('a');
    expect(cache.size).toBe(1);
    expect(await cache.get('SIRET:2', async () => ({ id: 'other' }))).toEqual({ id: 'b' });
  });
});
