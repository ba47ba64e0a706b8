import { CURRENCIES, DEFAULT_CURRENCY } from './currencies';
import { findByCode } from './reference-item';

describe('currencies', () => {
  it('starts with EUR and holds at least 30 ISO 4217 codes', () => {
    expect(CURRENCIES[0].code).toBe('EUR');
    expect(DEFAULT_CURRENCY).toBe('EUR');
    expect(CURRENCIES.length).toBeGreaterThanOrEqual(30);
    for (const item of CURRENCIES) expect(item.code).toMatch(/^[A-Z]{3}$/);
  });

  it('covers the main trading and overseas currencies', () => {
    for (const code of ['USD', 'GBP', 'CHF', 'JPY', 'CNY', 'CAD', 'XPF', 'XOF', 'XAF']) {
      expect(findByCode(CURRENCIES, code)).toBeDefined();
    }
  });

  it('knows the ISO minor units', () => {
    expect(findByCode(CURRENCIES, 'EUR')?.minorUnits).toBe(2);
    expect(findByCode(CURRENCIES, 'JPY')?.minorUnits).toBe(0);
    expect(findByCode(CURRENCIES, 'XPF')?.minorUnits).toBe(0);
    expect(findByCode(CURRENCIES, 'KWD')?.minorUnits).toBe(3);
    expect(findByCode(CURRENCIES, 'TND')?.minorUnits).toBe(3);
  });
});
