import { frenchVatNumberOf } from './vat-number';

describe('frenchVatNumberOf', () => {
  it('computes the key from the SIREN of a SIRET or a SIREN', () => {
    // La Poste's published number is FR39356000000 (SIREN 356 000 000).
    expect(frenchVatNumberOf('356000000')).toBe('FR39356000000');
    expect(frenchVatNumberOf('35600000000048')).toBe('FR39356000000');
    expect(frenchVatNumberOf('123456789')).toBe('FR32123456789');
  });

  it('refuses what is not a SIREN or SIRET', () => {
    expect(frenchVatNumberOf('12345')).toBeNull();
    expect(frenchVatNumberOf('FR123456789')).toBeNull();
  });
});
