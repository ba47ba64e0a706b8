import { RowCache, RowChangeListener, RowChanges, TransactionWrites } from './row-changes';

/** The cache's rules, with the notifications driven by hand (the e2e spec drives them through PostgreSQL). */
describe('RowCache', () => {
  function setUp(maxEntries?: number) {
    let listener!: RowChangeListener;
    // The transaction reads and writes join now (undefined: none), and what each wrote, as RowChanges keeps them.
    const writes = new TransactionWrites();
    const changes = {
      live: true,
      ttlMs: 60_000,
      transaction: undefined as object | undefined,
      get inTransaction() {
        return this.transaction !== undefined;
      },
      noteWrite(cache: object) {
        writes.note(this.transaction, cache);
      },
      wroteInTransaction(cache: object) {
        return writes.wrote(this.transaction, cache);
      },
      subscribe: (_table: string, l: RowChangeListener) => (listener = l),
    };
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

  it('serves and stores inside a transaction that wrote none of its rows (it reads what is committed)', async () => {
    const { changes, cache, load, reads } = setUp();
    changes.transaction = {};
    expect(await cache.get('a', load('committed'))).toBe('committed');
    expect(await cache.get('a', load('again'))).toBe('committed');
    changes.transaction = undefined;
    expect(await cache.get('a', load('outside'))).toBe('committed');
    expect(reads()).toBe(1);
  });

  it('reads the database for the rest of a transaction once it wrote rows of the cache, and stores none of it', async () => {
    const { changes, cache, load } = setUp();
    await cache.get('a', load('committed'));
    const transaction = {};
    changes.transaction = transaction;
    cache.forget('b'); // what forgetOnFlush does as the transaction flushes a change to row b
    expect(await cache.get('a', load('a as the transaction sees it'))).toBe('a as the transaction sees it');
    expect(await cache.get('c', load('uncommitted'))).toBe('uncommitted');
    // Another transaction, and reads outside any, still use the cache; nothing the writer read was stored.
    changes.transaction = {};
    expect(await cache.get('a', load('other'))).toBe('committed');
    changes.transaction = undefined;
    expect(await cache.get('c', load('committed c'))).toBe('committed c');
    changes.transaction = transaction;
    expect(await cache.get('c', load('uncommitted again'))).toBe('uncommitted again');
  });

  it('a forget outside a transaction, or a notification inside one, bypasses nothing', async () => {
    const { changes, cache, listener, load } = setUp();
    cache.forget('a');
    await cache.get('a', load('1'));
    changes.transaction = {};
    listener().changed('b');
    expect(await cache.get('a', load('2'))).toBe('1');
  });

  it('drops the entries whose value matches and notes the write (forgetWhere)', async () => {
    const { changes, cache, load } = setUp();
    await cache.get('a', load('x'));
    await cache.get('b', load('y'));
    changes.transaction = {};
    cache.forgetWhere((value) => value === 'x');
    expect(cache.size).toBe(1);
    expect(await cache.get('b', load('y as the transaction sees it'))).toBe('y as the transaction sees it');
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

describe('TransactionWrites', () => {
  const cache = {};
  const other = {};

  it('counts a savepoint\'s writes for the transactions it is nested in, and theirs for it, never for siblings', () => {
    const writes = new TransactionWrites();
    const outer = { parentTransaction: null };
    const savepoint = { parentTransaction: outer };
    const sibling = { parentTransaction: outer };
    const unrelated = {};
    expect(writes.wrote(outer, cache)).toBe(false);
    writes.note(savepoint, cache);
    expect(writes.wrote(savepoint, cache)).toBe(true);
    expect(writes.wrote(outer, cache)).toBe(true);
    // A later savepoint of the same transaction sees what the transaction wrote (through its parent).
    expect(writes.wrote(sibling, cache)).toBe(true);
    expect(writes.wrote(outer, other)).toBe(false);
    expect(writes.wrote(unrelated, cache)).toBe(false);
    expect(writes.wrote(undefined, cache)).toBe(false);
  });

  it('notes nothing outside a transaction', () => {
    const writes = new TransactionWrites();
    writes.note(undefined, cache);
    expect(writes.wrote(undefined, cache)).toBe(false);
  });
});
