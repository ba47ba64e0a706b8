import {
  computeRibKey,
  ibanToRib,
  ribToIban,
  validateBic,
  validateIban,
  validateIbanAccount,
  validateRib,
  type BankDetailsFailure,
} from './bank-details';

function failureOf(result: { ok: true } | BankDetailsFailure): Pick<BankDetailsFailure, 'field' | 'reason'> {
  if (result.ok) throw new Error('expected a failure, got ok');
  expect(result.message_fr.length).toBeGreaterThan(0);
  expect(result.message_en.length).toBeGreaterThan(0);
  return { field: result.field, reason: result.reason };
}

describe('IBAN', () => {
  it.each([
    // Published specimen IBANs (banks' and the ECBS examples).
    ['FR1420041010050500013M02606', 'FR', '20041010050500013M02606'],
    ['DE89370400440532013000', 'DE', '370400440532013000'],
    ['BE68539007547034', 'BE', '539007547034'],
    ['GB82WEST12345698765432', 'GB', 'WEST12345698765432'],
  ])('accepts %s', (raw, country, bban) => {
    expect(validateIban(raw)).toEqual({ ok: true, iban: raw, country, bban });
  });

  it('normalises spaces, hyphens and case to the electronic format', () => {
    const result = validateIban(' fr14 2004 1010 0505-0001 3m02 606 ');
    expect(result).toMatchObject({ ok: true, iban: 'FR1420041010050500013M02606' });
  });

  it('refuses a wrong check digit as CHECKSUM', () => {
    expect(failureOf(validateIban('FR1520041010050500013M02606'))).toEqual({ field: 'iban', reason: 'CHECKSUM' });
    expect(failureOf(validateIban('DE88370400440532013000'))).toEqual({ field: 'iban', reason: 'CHECKSUM' });
    expect(failureOf(validateIban('BE68539007547035'))).toEqual({ field: 'iban', reason: 'CHECKSUM' });
  });

  it('refuses a French IBAN whose inner RIB key is wrong as CHECKSUM', () => {
    expect(failureOf(validateIban('FR1420041010050500013M02607'))).toEqual({ field: 'iban', reason: 'CHECKSUM' });
  });

  it('refuses a wrong length for the country as LENGTH', () => {
    expect(failureOf(validateIban('FR1420041010050500013M0260'))).toEqual({ field: 'iban', reason: 'LENGTH' });
    expect(failureOf(validateIban('BE685390075470341'))).toEqual({ field: 'iban', reason: 'LENGTH' });
  });

  it('refuses an unknown or IBAN-less country as UNKNOWN_COUNTRY', () => {
    expect(failureOf(validateIban('XX1420041010050500013M02606'))).toEqual({ field: 'iban', reason: 'UNKNOWN_COUNTRY' });
    expect(failureOf(validateIban('US12345678901234'))).toEqual({ field: 'iban', reason: 'UNKNOWN_COUNTRY' });
  });

  it('refuses characters outside letters and digits, and a non-numeric check, as FORMAT', () => {
    expect(failureOf(validateIban('FR14200410100505*0013M02606'))).toEqual({ field: 'iban', reason: 'FORMAT' });
    expect(failureOf(validateIban('DEAB370400440532013000'))).toEqual({ field: 'iban', reason: 'FORMAT' });
  });

  it('refuses an empty IBAN as REQUIRED', () => {
    expect(failureOf(validateIban('   '))).toEqual({ field: 'iban', reason: 'REQUIRED' });
  });
});

describe('BIC', () => {
  it.each([
    ['BNPAFRPP', 'BNPAFRPP', 'FR'],
    ['BNPAFRPPXXX', 'BNPAFRPPXXX', 'FR'],
    ['deutdeff500', 'DEUTDEFF500', 'DE'],
    ['GEBA BE BB', 'GEBABEBB', 'BE'],
    ['CHASUS33', 'CHASUS33', 'US'], // BIC countries are not limited to IBAN countries
  ])('accepts %s', (raw, bic, country) => {
    expect(validateBic(raw)).toEqual({ ok: true, bic, country });
  });

  it.each([
    ['BNPAFRP', 'LENGTH'], // 7
    ['BNPAFRPPX', 'LENGTH'], // 9
    ['BNPAFRPPXX', 'LENGTH'], // 10
    ['BNPAFRPPXXXX', 'LENGTH'], // 12
    ['BNP1FRPP', 'FORMAT'], // bank code must be letters
    ['BNPAF1PP', 'FORMAT'], // country must be letters
    ['BNPAFRP_', 'FORMAT'],
    ['BNPAQQPP', 'UNKNOWN_COUNTRY'],
    ['', 'REQUIRED'],
  ])('refuses %j as %s', (raw, reason) => {
    expect(failureOf(validateBic(raw))).toEqual({ field: 'bic', reason });
  });
});

describe('IBAN account (IBAN + BIC)', () => {
  it('accepts a valid pair', () => {
    expect(validateIbanAccount('FR14 2004 1010 0505 0001 3M02 606', 'psstfrppxxx')).toEqual({
      ok: true,
      iban: 'FR1420041010050500013M02606',
      bic: 'PSSTFRPPXXX',
      country: 'FR',
    });
  });

  it('names the IBAN when both are wrong, the BIC when only it is', () => {
    expect(failureOf(validateIbanAccount('FR1520041010050500013M02606', 'X'))).toEqual({ field: 'iban', reason: 'CHECKSUM' });
    expect(failureOf(validateIbanAccount('FR1420041010050500013M02606', 'PSSTFRPPXX'))).toEqual({ field: 'bic', reason: 'LENGTH' });
  });
});

describe('RIB key', () => {
  // Hand-checked: 89×30002 + 15×00550 + 3×00001578419 (Z→9) = 7 413 685 ≡ 72 (mod 97), key 97 − 72 = 25.
  it('computes 25 for 30002 00550 0000157841Z', () => {
    expect(computeRibKey('30002', '00550', '0000157841Z')).toBe('25');
  });

  it('matches the RIB inside a published IBAN (letter M in the account)', () => {
    expect(computeRibKey('20041', '01005', '0500013M026')).toBe('06');
  });

  it('uses the RIB letter table (I, R and Z are 9; S is 2, not 1)', () => {
    expect(computeRibKey('30002', '00550', '0000157841I')).toBe('25');
    expect(computeRibKey('30002', '00550', '0000157841R')).toBe('25');
    expect(computeRibKey('30002', '00550', '0000157841S')).toBe(computeRibKey('30002', '00550', '00001578412'));
    expect(computeRibKey('30002', '00550', '0000157841S')).toBe('46');
    expect(computeRibKey('30002', '00550', '0000157841S')).not.toBe(computeRibKey('30002', '00550', '00001578411'));
  });

  it('pads a one-digit key and yields 97, never 00, when the sum is a multiple of 97', () => {
    // 89×30002 + 15×550 + 3×8 = 2 678 452 ≡ 88 → 09; with 11 instead of 8: 2 678 461 = 97 × 27 613 → 97.
    expect(computeRibKey('30002', '00550', '00000000008')).toBe('09');
    expect(computeRibKey('30002', '00550', '00000000011')).toBe('97');
  });

  it('stays exact on the largest inputs', () => {
    // 89×99999 + 15×99999 + 3×99999999999 = 300 010 399 893 ≡ 53 (mod 97) → 44 (checked with Python integers).
    expect(computeRibKey('99999', '99999', '99999999999')).toBe('44');
    expect(computeRibKey('99999', '99999', 'ZZZZZZZZZZZ')).toBe('44');
  });
});

describe('RIB validation', () => {
  it('accepts a valid RIB and normalises it', () => {
    expect(validateRib('30002', '00550', '0000157841z', '25')).toEqual({
      ok: true,
      rib: { bankCode: '30002', branchCode: '00550', accountNumber: '0000157841Z', key: '25' },
    });
    expect(validateRib(' 20041 ', '01005', '0500 013M 026', ' 06')).toMatchObject({ ok: true });
  });

  it('refuses a wrong key as ribKey/CHECKSUM', () => {
    expect(failureOf(validateRib('30002', '00550', '0000157841Z', '26'))).toEqual({ field: 'ribKey', reason: 'CHECKSUM' });
    expect(failureOf(validateRib('30002', '00550', '0000157841Z', '00'))).toEqual({ field: 'ribKey', reason: 'CHECKSUM' });
  });

  it('catches a one-letter change in the account', () => {
    expect(failureOf(validateRib('30002', '00550', '0000157841S', '25'))).toEqual({ field: 'ribKey', reason: 'CHECKSUM' });
  });

  it.each([
    ['3000', '00550', '0000157841Z', '25', 'bankCode'],
    ['3000A', '00550', '0000157841Z', '25', 'bankCode'],
    ['30002', '0055', '0000157841Z', '25', 'branchCode'],
    ['30002', '005500', '0000157841Z', '25', 'branchCode'],
    ['30002', '00550', '0000157841', '25', 'accountNumber'],
    ['30002', '00550', '0000157841Z1', '25', 'accountNumber'],
    ['30002', '00550', '0000157841-', '25', 'accountNumber'],
    ['30002', '00550', '0000157841Z', '5', 'ribKey'],
    ['30002', '00550', '0000157841Z', 'AB', 'ribKey'],
  ])('refuses %s %s %s %s on %s (FORMAT)', (bank, branch, account, key, field) => {
    expect(failureOf(validateRib(bank, branch, account, key))).toEqual({ field, reason: 'FORMAT' });
  });
});

describe('RIB ↔ IBAN', () => {
  it('builds the FR IBAN of a RIB', () => {
    // Check digits computed independently: 30002005500000157841Z25FR00 (letters A=10…Z=35) mod 97 = 65 → 98 − 65 = 33.
    expect(ribToIban('30002', '00550', '0000157841Z', '25')).toEqual({ ok: true, iban: 'FR3330002005500000157841Z25' });
    expect(ribToIban('20041', '01005', '0500013M026', '06')).toEqual({ ok: true, iban: 'FR1420041010050500013M02606' });
  });

  it('the IBAN it builds is valid', () => {
    const result = ribToIban('30002', '00550', '00000000011', '97');
    expect(result.ok).toBe(true);
    if (result.ok) expect(validateIban(result.iban).ok).toBe(true);
  });

  it('refuses an invalid RIB, naming the part', () => {
    expect(failureOf(ribToIban('30002', '00550', '0000157841Z', '24'))).toEqual({ field: 'ribKey', reason: 'CHECKSUM' });
    expect(failureOf(ribToIban('30002', '0550', '0000157841Z', '25'))).toEqual({ field: 'branchCode', reason: 'FORMAT' });
  });

  it('extracts the RIB of a French IBAN', () => {
    expect(ibanToRib('FR14 2004 1010 0505 0001 3M02 606')).toEqual({
      ok: true,
      rib: { bankCode: '20041', branchCode: '01005', accountNumber: '0500013M026', key: '06' },
    });
  });

  it('refuses to extract a RIB from a foreign or invalid IBAN', () => {
    expect(failureOf(ibanToRib('DE89370400440532013000'))).toEqual({ field: 'iban', reason: 'FORMAT' });
    expect(failureOf(ibanToRib('FR1520041010050500013M02606'))).toEqual({ field: 'iban', reason: 'CHECKSUM' });
  });
});
