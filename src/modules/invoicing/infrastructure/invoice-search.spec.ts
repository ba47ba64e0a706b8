import { instant } from './invoice-search';

/** PostgreSQL's text output of a timestamptz in a UTC session: fraction trimmed of trailing zeros, `+00`. */
function postgresText(date: Date, micros = 0): string {
  const iso = date.toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

describe('instant', () => {
  it('writes what toISOString writes, for whole seconds, short and microsecond fractions', () => {
    expect(instant('2026-11-26 05:13:33+00')).toBe('2026-11-26T05:13:33.000Z');
    expect(instant('2026-11-26 05:13:33.1+00')).toBe('2026-11-26T05:13:33.100Z');
    expect(instant('2026-11-26 05:13:33.123956+00')).toBe('2026-11-26T05:13:33.123Z');
  });

  it('agrees with Date on random instants over two centuries', () => {
    for (let i = 0; i < 2_000; i++) {
      const date = new Date(Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 200 * 365.25 * 86_400_000));
      const text = postgresText(date, Math.floor(Math.random() * 1000));
      expect(instant(text)).toBe(new Date(text).toISOString());
      expect(instant(text)).toBe(date.toISOString());
    }
  });

  it('converts other offsets through Date', () => {
    expect(instant('2026-07-01 02:00:00.5+02')).toBe('2026-07-01T00:00:00.500Z');
    expect(instant('2026-01-01 00:30:00+05:30')).toBe('2025-12-31T19:00:00.000Z');
  });
});
