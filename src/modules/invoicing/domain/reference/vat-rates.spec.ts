import { findVatRateByValue, isFrenchVatRate, VAT_RATES } from './vat-rates';

describe('VAT rates', () => {
  it('holds the French rates, highest first', () => {
    expect(VAT_RATES.map((item) => item.rate)).toEqual(['20', '10', '8.5', '5.5', '2.1', '1.05', '0.9', '0']);
    expect(VAT_RATES.map((item) => item.rateNumber)).toEqual([20, 10, 8.5, 5.5, 2.1, 1.05, 0.9, 0]);
  });

  it.each<[string | number, string | undefined]>([
    ['20', 'TVA20'],
    ['20.00', 'TVA20'],
    [20, 'TVA20'],
    ['5,5', 'TVA5_5'],
    [5.5, 'TVA5_5'],
    ['1.050', 'TVA1_05'],
    [0.9, 'TVA0_9'],
    ['0', 'TVA0'],
    ['19.6', undefined], // former standard rate
    ['7', undefined],
    ['13', undefined],
    ['abc', undefined],
    ['-20', undefined],
  ])('finds %p as %p', (value, code) => {
    expect(findVatRateByValue(value)?.code).toBe(code);
    expect(isFrenchVatRate(value)).toBe(code !== undefined);
  });

  it('places each rate in its territory', () => {
    expect(VAT_RATES.find((item) => item.code === 'TVA8_5')?.territory).toBe('DOM');
    expect(VAT_RATES.find((item) => item.code === 'TVA0_9')?.territory).toBe('CORSE');
  });
});
