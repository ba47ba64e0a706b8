import { UUID_PATTERN, uuidv7 } from './ids';

describe('uuidv7', () => {
  it('has version 7 and the RFC variant', () => {
    const id = uuidv7();
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('sorts by creation time', () => {
    const ids = [uuidv7(1_000), uuidv7(2_000), uuidv7(3_000_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
  });

  it('encodes the timestamp in the first 48 bits', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe('0123456789ab');
  });
});

describe('uuidv7 randomness', () => {
  it('gives distinct ids in the same millisecond, across refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(id).toMatch(UUID_PATTERN);
  });

  it('uses every hex digit in the random part (no constant bits beyond version and variant)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const c of uuidv7().replace(/-/g, '').slice(20)) seen.add(c);
    expect(seen.size).toBe(16);
  });
});
