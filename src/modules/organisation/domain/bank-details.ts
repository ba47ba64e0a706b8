/**
 * Bank details of a structure (coordonnées bancaires): IBAN + BIC, or a French RIB.
 * Pure functions; IBAN/BIC structure and check digits come from ibantools (per-country BBAN
 * lengths and formats are its registry, not ours to maintain).
 */
import { composeIBAN, electronicFormatIBAN, extractIBAN, isValidBIC, isValidIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';

export type BankDetailsField = 'iban' | 'bic' | 'bankCode' | 'branchCode' | 'accountNumber' | 'ribKey';

/** REQUIRED: empty; FORMAT: wrong characters/shape; LENGTH: wrong size; UNKNOWN_COUNTRY: no such country; CHECKSUM: a key does not match. */
export type BankDetailsFailureReason = 'REQUIRED' | 'FORMAT' | 'LENGTH' | 'UNKNOWN_COUNTRY' | 'CHECKSUM';

export interface BankDetailsFailure {
  ok: false;
  field: BankDetailsField;
  reason: BankDetailsFailureReason;
  message_fr: string;
  message_en: string;
}

export type IbanValidation = { ok: true; iban: string; country: string; bban: string } | BankDetailsFailure;
export type BicValidation = { ok: true; bic: string; country: string } | BankDetailsFailure;
export type IbanAccountValidation = { ok: true; iban: string; bic: string; country: string } | BankDetailsFailure;

export interface Rib {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  key: string;
}
export type RibValidation = { ok: true; rib: Rib } | BankDetailsFailure;
export type RibToIbanResult = { ok: true; iban: string } | BankDetailsFailure;

/**
 * IBAN: spaces/hyphens removed and upper-cased (electronic format), then country, BBAN length and format,
 * the ISO 13616 mod-97 check digits and, where the country has one (FR: the RIB key), the national key.
 * A national-key mismatch is reported as CHECKSUM, like a wrong IBAN check digit.
 */
export function validateIban(raw: string): IbanValidation {
  const iban = electronicFormatIBAN(raw.replace(/\s+/g, '')) ?? '';
  if (iban === '') return bankFail('iban', 'REQUIRED', 'L\'IBAN est obligatoire.', 'The IBAN is required.');
  if (!isValidIBAN(iban)) return ibanFailure(iban);
  const extracted = extractIBAN(iban);
  return { ok: true, iban, country: iban.slice(0, 2), bban: extracted.bban ?? iban.slice(4) };
}

function ibanFailure(iban: string): BankDetailsFailure {
  const codes = validateIBAN(iban).errorCodes;
  if (!/^[A-Z0-9]+$/.test(iban)) {
    return bankFail('iban', 'FORMAT', 'L\'IBAN ne doit contenir que des lettres et des chiffres.', 'The IBAN may contain only letters and digits.');
  }
  if (codes.includes(ValidationErrorsIBAN.NoIBANCountry)) {
    return bankFail('iban', 'UNKNOWN_COUNTRY', 'Le code pays de l\'IBAN est inconnu.', 'The IBAN country code is unknown.');
  }
  if (codes.includes(ValidationErrorsIBAN.WrongBBANLength)) {
    return bankFail('iban', 'LENGTH', 'La longueur de l\'IBAN ne correspond pas à son pays.', 'The IBAN length does not match its country.');
  }
  if (codes.includes(ValidationErrorsIBAN.WrongBBANFormat) || codes.includes(ValidationErrorsIBAN.ChecksumNotNumber)) {
    return bankFail('iban', 'FORMAT', 'Le format de l\'IBAN ne correspond pas à son pays.', 'The IBAN format does not match its country.');
  }
  return bankFail('iban', 'CHECKSUM', 'La clé de contrôle de l\'IBAN est invalide.', 'The IBAN check digits are invalid.');
}

/**
 * BIC (ISO 9362): 4 letters bank + 2 letters country + 2 letters/digits location, optionally 3 letters/digits
 * branch, hence 8 or 11 characters. Spaces removed, upper-cased. The country must exist (ibantools registry).
 */
export function validateBic(raw: string): BicValidation {
  const bic = raw.replace(/\s+/g, '').toUpperCase();
  if (bic === '') return bankFail('bic', 'REQUIRED', 'Le BIC est obligatoire.', 'The BIC is required.');
  if (bic.length !== 8 && bic.length !== 11) {
    return bankFail('bic', 'LENGTH', 'Le BIC comporte 8 ou 11 caractères.', 'A BIC has 8 or 11 characters.');
  }
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return bankFail(
      'bic',
      'FORMAT',
      'Le BIC comporte 4 lettres (banque), 2 lettres (pays), puis 2 et éventuellement 3 lettres ou chiffres.',
      'A BIC has 4 letters (bank), 2 letters (country), then 2 and optionally 3 letters or digits.',
    );
  }
  if (!isValidBIC(bic)) {
    return bankFail('bic', 'UNKNOWN_COUNTRY', 'Le code pays du BIC est inconnu.', 'The BIC country code is unknown.');
  }
  return { ok: true, bic, country: bic.slice(4, 6) };
}

/** An IBAN-type bank account: both checked, IBAN first (the field the user fills first). */
export function validateIbanAccount(rawIban: string, rawBic: string): IbanAccountValidation {
  const iban = validateIban(rawIban);
  if (!iban.ok) return iban;
  const bic = validateBic(rawBic);
  if (!bic.ok) return bic;
  return { ok: true, iban: iban.iban, bic: bic.bic, country: iban.country };
}

/**
 * French RIB letter table (account numbers may contain letters): A,J→1 B,K,S→2 C,L,T→3 D,M,U→4 E,N,V→5
 * F,O,W→6 G,P,X→7 H,Q,Y→8 I,R,Z→9. The jump at S (→2, not 1) is the historical table, not a typo.
 */
const RIB_LETTER_VALUES: Readonly<Record<string, string>> = {
  A: '1', J: '1',
  B: '2', K: '2', S: '2',
  C: '3', L: '3', T: '3',
  D: '4', M: '4', U: '4',
  E: '5', N: '5', V: '5',
  F: '6', O: '6', W: '6',
  G: '7', P: '7', X: '7',
  H: '8', Q: '8', Y: '8',
  I: '9', R: '9', Z: '9',
};

/**
 * RIB key = 97 − ((89 × bank + 15 × branch + 3 × account) mod 97), always 01..97, two digits.
 * BigInt keeps it exact whatever the inputs (the account alone is up to 10^11).
 * Inputs must already be well-formed (5 digits, 5 digits, 11 alphanumerics, upper case).
 */
export function computeRibKey(bankCode: string, branchCode: string, accountNumber: string): string {
  const account = accountNumber.replace(/[A-Z]/g, (letter) => RIB_LETTER_VALUES[letter]);
  const weighted = 89n * BigInt(bankCode) + 15n * BigInt(branchCode) + 3n * BigInt(account);
  return String(97n - (weighted % 97n)).padStart(2, '0');
}

/** A French RIB: each part checked in reading order, then the key. Spaces removed, letters upper-cased. */
export function validateRib(bankCode: string, branchCode: string, accountNumber: string, key: string): RibValidation {
  const rib: Rib = {
    bankCode: compact(bankCode),
    branchCode: compact(branchCode),
    accountNumber: compact(accountNumber).toUpperCase(),
    key: compact(key),
  };
  if (!/^\d{5}$/.test(rib.bankCode)) {
    return bankFail('bankCode', 'FORMAT', 'Le code banque comporte 5 chiffres.', 'The bank code has 5 digits.');
  }
  if (!/^\d{5}$/.test(rib.branchCode)) {
    return bankFail('branchCode', 'FORMAT', 'Le code guichet comporte 5 chiffres.', 'The branch code has 5 digits.');
  }
  if (!/^[A-Z0-9]{11}$/.test(rib.accountNumber)) {
    return bankFail(
      'accountNumber',
      'FORMAT',
      'Le numéro de compte comporte 11 lettres ou chiffres.',
      'The account number has 11 letters or digits.',
    );
  }
  if (!/^\d{2}$/.test(rib.key)) {
    return bankFail('ribKey', 'FORMAT', 'La clé RIB comporte 2 chiffres.', 'The RIB key has 2 digits.');
  }
  if (computeRibKey(rib.bankCode, rib.branchCode, rib.accountNumber) !== rib.key) {
    return bankFail('ribKey', 'CHECKSUM', 'La clé RIB est invalide.', 'The RIB key is invalid.');
  }
  return { ok: true, rib };
}

/** The FR IBAN of a valid RIB: BBAN = bank + branch + account + key, check digits computed (ISO 13616). */
export function ribToIban(bankCode: string, branchCode: string, accountNumber: string, key: string): RibToIbanResult {
  const result = validateRib(bankCode, branchCode, accountNumber, key);
  if (!result.ok) return result;
  const { rib } = result;
  const iban = composeIBAN({ countryCode: 'FR', bban: `${rib.bankCode}${rib.branchCode}${rib.accountNumber}${rib.key}` });
  // Unreachable for a RIB that passed validateRib (ibantools re-checks the same key); kept as a guard.
  if (iban === null) return bankFail('iban', 'FORMAT', 'IBAN impossible à composer.', 'Could not compose the IBAN.');
  return { ok: true, iban };
}

/** The RIB inside a valid French IBAN (FR + 2 check digits + 23-character BBAN), or the IBAN failure. */
export function ibanToRib(rawIban: string): RibValidation {
  const iban = validateIban(rawIban);
  if (!iban.ok) return iban;
  if (iban.country !== 'FR') {
    return bankFail('iban', 'FORMAT', 'Seul un IBAN français contient un RIB.', 'Only a French IBAN contains a RIB.');
  }
  const b = iban.bban;
  return validateRib(b.slice(0, 5), b.slice(5, 10), b.slice(10, 21), b.slice(21, 23));
}

function compact(raw: string): string {
  return raw.replace(/\s+/g, '');
}

function bankFail(
  field: BankDetailsField,
  reason: BankDetailsFailureReason,
  message_fr: string,
  message_en: string,
): BankDetailsFailure {
  return { ok: false, field, reason, message_fr, message_en };
}
