import {
  frenchVatNumberOf,
  isStructureIdentifierType,
  isValidSiren,
  isValidSiretKey,
  luhnValid,
  sirenOf,
  STATE_SIRET,
  STRUCTURE_IDENTIFIER_TYPES,
  validateStructureIdentifier,
  type IdentifierValidation,
  type StructureIdentifierType,
} from './structure-identifier';

function valueOf(result: IdentifierValidation): string {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.message_en}`);
  return result.value;
}

function reasonOf(result: IdentifierValidation): string {
  if (result.ok) throw new Error(`expected a failure, got ok "${result.value}"`);
  return result.reason;
}

describe('identifier types', () => {
  it('lists the seven portal types', () => {
    expect(STRUCTURE_IDENTIFIER_TYPES).toEqual(['SIRET', 'UE_HORS_FRANCE', 'HORS_UE', 'RIDET', 'TAHITI', 'AUTRE', 'PARTICULIER']);
  });

  it('recognises a type by name only', () => {
    expect(isStructureIdentifierType('RIDET')).toBe(true);
    expect(isStructureIdentifierType('siret')).toBe(false);
    expect(isStructureIdentifierType('SIREN')).toBe(false);
  });
});

describe('luhn', () => {
  it.each([
    ['79927398713', true], // the textbook Luhn example
    ['79927398710', false],
    ['0', true],
  ])('%s → %s', (digits, expected) => {
    expect(luhnValid(digits)).toBe(expected);
  });
});

describe('SIRET', () => {
  const siret = (raw: string): IdentifierValidation => validateStructureIdentifier('SIRET', raw);

  it.each([
    [STATE_SIRET],
    ['73282932000074'], // a real company's SIRET (INSEE)
    ['35600000000048'], // La Poste head office: Luhn-valid
  ])('accepts %s', (raw) => {
    expect(valueOf(siret(raw))).toBe(raw);
  });

  it('removes spaces, including around and inside the number', () => {
    expect(valueOf(siret('  110 002 011 00044 '))).toBe('11000201100044');
    expect(valueOf(siret('110\u00a0002\u00a0011\u00a000044'))).toBe('11000201100044');
  });

  it('refuses a wrong key as CHECKSUM', () => {
    expect(reasonOf(siret('11000201100045'))).toBe('CHECKSUM');
    expect(reasonOf(siret('73282932000075'))).toBe('CHECKSUM');
  });

  it('refuses two swapped adjacent digits (what Luhn is for)', () => {
    expect(reasonOf(siret('11000201100404'))).toBe('CHECKSUM');
  });

  it.each([
    ['1100020110004'], // 13 digits
    ['110002011000440'], // 15 digits
    ['1100020110004A'],
    ['110.002.011.00044'],
    [''],
    ['   '],
  ])('refuses %j as FORMAT', (raw) => {
    expect(reasonOf(siret(raw))).toBe('FORMAT');
  });

  describe('La Poste exception (SIREN 356000000)', () => {
    it('accepts an establishment whose digit sum is a multiple of 5 although Luhn fails', () => {
      // 3+5+6+1+0 = 15; Luhn of this number is wrong.
      expect(luhnValid('35600000000010')).toBe(false);
      expect(valueOf(siret('35600000000010'))).toBe('35600000000010');
      expect(valueOf(siret('35600000000051'))).toBe('35600000000051'); // sum 20
    });

    it('refuses a La Poste number failing both Luhn and the sum rule', () => {
      // sum 3+5+6+1+1 = 16, Luhn wrong too
      expect(luhnValid('35600000000011')).toBe(false);
      expect(reasonOf(siret('35600000000011'))).toBe('CHECKSUM');
    });

    it('does not extend the sum rule to other companies', () => {
      // 35600000100000 starts with SIREN 356000001, not La Poste: digit sum 15 but Luhn wrong.
      expect(luhnValid('35600000100000')).toBe(false);
      expect(reasonOf(siret('35600000100000'))).toBe('CHECKSUM');
    });
  });

  it('isValidSiretKey needs the normalised form', () => {
    expect(isValidSiretKey('11000201100044')).toBe(true);
    expect(isValidSiretKey('110 002 011 00044')).toBe(false);
  });
});

describe('sirenOf / isValidSiren / frenchVatNumberOf', () => {
  it('returns the first nine digits', () => {
    expect(sirenOf('11000201100044')).toBe('110002011');
    expect(sirenOf('732 829 320 00074')).toBe('732829320');
  });

  it('throws on something that is not a SIRET', () => {
    expect(() => sirenOf('110002011')).toThrow(RangeError);
    expect(() => sirenOf('1100020110004X')).toThrow(RangeError);
  });

  it('checks a SIREN key', () => {
    expect(isValidSiren('110002011')).toBe(true);
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
  });

  it('computes the French VAT number (published examples)', () => {
    expect(frenchVatNumberOf('404833048')).toBe('FR83404833048');
    expect(frenchVatNumberOf('732829320')).toBe('FR44732829320');
  });

  it('pads a one-digit VAT key', () => {
    // 12 + 3 × (SIREN mod 97) ≡ 3 (mod 97) for this SIREN.
    expect(frenchVatNumberOf('523874105')).toBe('FR03523874105');
  });

  it('refuses a non-SIREN', () => {
    expect(() => frenchVatNumberOf('12345678')).toThrow(RangeError);
  });
});

describe('UE_HORS_FRANCE', () => {
  const eu = (raw: string): IdentifierValidation => validateStructureIdentifier('UE_HORS_FRANCE', raw);

  it.each([
    ['DE123456789', 'DE123456789'],
    ['be 0123.456.749', 'BE0123456749'],
    ['ESX-1234567-X', 'ESX1234567X'],
    ['nl123456789B01', 'NL123456789B01'],
    ['ATU12345678', 'ATU12345678'],
    ['EL123456789', 'EL123456789'],
    ['XI123456789', 'XI123456789'],
    ['IE12', 'IE12'], // shortest shape: 2 characters after the prefix
    ['DK1234567890123', 'DK1234567890123'], // longest: 13
  ])('accepts %s as %s', (raw, expected) => {
    expect(valueOf(eu(raw))).toBe(expected);
  });

  it('rewrites the ISO code GR as the VAT prefix EL', () => {
    expect(valueOf(eu('GR123456789'))).toBe('EL123456789');
  });

  it('refuses a French VAT number, pointing to SIRET', () => {
    const result = eu('FR83404833048');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('FORMAT');
      expect(result.message_fr).toContain('SIRET');
      expect(result.message_en).toContain('SIRET');
    }
  });

  it.each([
    ['GB123456789'], // left the EU
    ['CH123456789'], // never in it
    ['US123456789'],
    ['D1123456789'],
    ['DE1'], // 1 character after prefix
    ['DE12345678901234'], // 14 after prefix
    ['DE12345_789'],
    [''],
  ])('refuses %j', (raw) => {
    expect(reasonOf(eu(raw))).toBe('FORMAT');
  });
});

describe('RIDET', () => {
  const ridet = (raw: string): IdentifierValidation => validateStructureIdentifier('RIDET', raw);

  it.each([
    ['1234567', '1234567'], // RID only
    ['1234567001', '1234567001'], // RID + establishment
    ['1234567.001', '1234567001'], // printed form
    ['1 234 567.001', '1234567001'],
    ['123456', '123456'], // old 6-digit RID
    ['123456.002', '123456002'],
    ['12345678', '12345678'], // 6..10 digits accepted without separator, like the portal
  ])('accepts %s as %s', (raw, expected) => {
    expect(valueOf(ridet(raw))).toBe(expected);
  });

  it.each([
    ['12345'], // too short
    ['12345678901'], // too long
    ['1234567.01'], // establishment must be 3 digits
    ['12345678.001'], // RID of 8 digits
    ['1234567..001'],
    ['1234567A'],
    [''],
  ])('refuses %j', (raw) => {
    expect(reasonOf(ridet(raw))).toBe('FORMAT');
  });
});

describe('TAHITI', () => {
  const tahiti = (raw: string): IdentifierValidation => validateStructureIdentifier('TAHITI', raw);

  it.each([
    ['A12345', 'A12345'],
    ['a12345', 'A12345'],
    ['123456', '123456'],
    ['B01234001', 'B01234001'],
    ['b01234 001', 'B01234001'],
    ['B01234.001', 'B01234001'],
  ])('accepts %s as %s', (raw, expected) => {
    expect(valueOf(tahiti(raw))).toBe(expected);
  });

  it.each([
    ['A1234'], // 5
    ['A1234567'], // 8: establishment must be 3 digits
    ['A12345ABC'], // establishment must be digits
    ['A12345001X'],
    ['A-12345'],
    [''],
  ])('refuses %j', (raw) => {
    expect(reasonOf(tahiti(raw))).toBe('FORMAT');
  });
});

describe.each<StructureIdentifierType>(['HORS_UE', 'AUTRE'])('%s', (type) => {
  const free = (raw: string): IdentifierValidation => validateStructureIdentifier(type, raw);

  it('keeps any printable identifier, compacted and upper-cased', () => {
    expect(valueOf(free(' che-123.456.789 '))).toBe('CHE-123.456.789');
    expect(valueOf(free('EIN 12-3456789'))).toBe('EIN12-3456789');
    expect(valueOf(free('Zürich-ÄÖ'))).toBe('ZÜRICH-ÄÖ');
  });

  it('accepts exactly 80 characters and refuses 81', () => {
    expect(valueOf(free('X'.repeat(80)))).toHaveLength(80);
    expect(reasonOf(free('X'.repeat(81)))).toBe('FORMAT');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(valueOf(free('𝔸'.repeat(80)))).toBe('𝔸'.repeat(80));
  });

  it.each([
    ['ABC\u0000DEF'],
    ['ABC\u0007'],
    ['AB\u200bCD'], // zero-width space: invisible duplicate
    ['\u0085'],
    [''],
    [' \t '],
  ])('refuses %j', (raw) => {
    expect(reasonOf(free(raw))).toBe('FORMAT');
  });
});

describe('PARTICULIER', () => {
  const person = (raw: string): IdentifierValidation => validateStructureIdentifier('PARTICULIER', raw);

  it('trims, collapses inner whitespace and keeps case', () => {
    expect(valueOf(person('  Jean   Dupont '))).toBe('Jean Dupont');
    expect(valueOf(person('Élise\tMartin-Lefèvre'))).toBe('Élise Martin-Lefèvre');
  });

  it('accepts 80 characters and refuses 81', () => {
    expect(valueOf(person('a'.repeat(80)))).toHaveLength(80);
    expect(reasonOf(person('a'.repeat(81)))).toBe('FORMAT');
  });

  it('refuses empty and control characters', () => {
    expect(reasonOf(person('   '))).toBe('FORMAT');
    expect(reasonOf(person('Jean\u0000Dupont'))).toBe('FORMAT');
  });
});

describe('messages', () => {
  it.each(STRUCTURE_IDENTIFIER_TYPES.map((t) => [t]))('%s failures carry French and English text', (type) => {
    const result = validateStructureIdentifier(type, '');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message_fr.length).toBeGreaterThan(0);
      expect(result.message_en.length).toBeGreaterThan(0);
      expect(result.message_fr).not.toBe(result.message_en);
    }
  });
});
