import { instant } from './piste-common';

describe('instant', () => {
  it('writes what parsing and toISOString wrote, for every kind of value', () => {
    const values: (string | Date)[] = [
      '2026-12-06T16:10:51.159Z',
      '2026-01-01T00:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2026-12-06 16:10:51.159+00',
      '2026-12-06T17:10:51.159+01:00',
      '2026-12-06T16:10:51Z',
      '2026-12-06',
      new Date('2026-03-15T08:30:00.5Z'),
    ];
    for (const value of values) expect(instant(value)).toBe(new Date(value).toISOString().replace('Z', '+00:00'));
    expect(instant('2026-12-06T16:10:51.159Z')).toBe('2026-12-06T16:10:51.159+00:00');
    expect(instant(null)).toBeNull();
    expect(instant(undefined)).toBeNull();
  });
});
