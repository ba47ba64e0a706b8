import { COUNTRIES, EU_COUNTRY_CODES, findCountry } from './countries';

describe('countries', () => {
  it('holds the 249 ISO 3166-1 alpha-2 codes, unique, sorted', () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(codes).toHaveLength(249);
    expect(new Set(codes).size).toBe(249);
    expect([...codes].sort()).toEqual(codes);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('names countries in French and English', () => {
    expect(findCountry('FR')).toMatchObject({ labelFr: 'France', labelEn: 'France', eu: true });
    expect(findCountry('DE')?.labelFr).toBe('Allemagne');
    expect(findCountry('CI')?.labelFr).toBe("Côte d'Ivoire");
    expect(findCountry('GB')).toMatchObject({ labelFr: 'Royaume-Uni', eu: false });
    expect(findCountry('NC')?.labelFr).toBe('Nouvelle-Calédonie');
    expect(findCountry('PF')?.labelFr).toBe('Polynésie française');
  });

  it('includes the French overseas territories', () => {
    for (const code of ['GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC', 'TF']) {
      expect(findCountry(code)).toBeDefined();
    }
  });

  it('flags exactly the 27 EU member states', () => {
    expect([...EU_COUNTRY_CODES].sort()).toEqual(
      'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
    );
  });

  it('looks codes up case-insensitively and refuses unassigned ones', () => {
    expect(findCountry(' fr ')?.code).toBe('FR');
    expect(findCountry('UK')).toBeUndefined();
    expect(findCountry('XK')).toBeUndefined();
    expect(findCountry('FRA')).toBeUndefined();
  });
});
