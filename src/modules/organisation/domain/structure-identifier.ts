/**
 * Structure identifiers (identifiant + type d'identifiant) and their format rules.
 * Pure functions: no framework, no I/O. Each rule says what is accepted and why.
 */

/** The identifier types of the real portal, in its own order. */
export const STRUCTURE_IDENTIFIER_TYPES = [
  'SIRET',
  'UE_HORS_FRANCE',
  'HORS_UE',
  'RIDET',
  'TAHITI',
  'AUTRE',
  'PARTICULIER',
] as const;

export type StructureIdentifierType = (typeof STRUCTURE_IDENTIFIER_TYPES)[number];

export type IdentifierValidation =
  | { ok: true; value: string }
  | { ok: false; reason: 'FORMAT' | 'CHECKSUM'; message_fr: string; message_en: string };

export function isStructureIdentifierType(value: string): value is StructureIdentifierType {
  return (STRUCTURE_IDENTIFIER_TYPES as readonly string[]).includes(value);
}

/**
 * EU member states by their VAT prefix (VIES). Greece is "EL" in VAT numbers (ISO code GR);
 * "XI" is Northern Ireland, which keeps EU VAT numbers for goods under the Windsor Framework.
 * FR is deliberately absent: a French structure is identified by its SIRET.
 */
export const EU_VAT_PREFIXES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'HR', 'HU', 'IE',
  'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI',
] as const;

/** The State's single SIRET: its services are told apart by service code, not by SIRET. */
export const STATE_SIRET = '11000201100044';

/** Identifier of La Poste, whose establishments (except the head office) are not Luhn-keyed. */
export const LA_POSTE_SIREN = '356000000';

/** Maximum length of the free-form identifiers (HORS_UE, AUTRE, PARTICULIER): the portal's field size. */
export const FREE_IDENTIFIER_MAX_LENGTH = 80;

export function validateStructureIdentifier(type: StructureIdentifierType, raw: string): IdentifierValidation {
  switch (type) {
    case 'SIRET':
      return validateSiret(raw);
    case 'UE_HORS_FRANCE':
      return validateEuVatIdentifier(raw);
    case 'RIDET':
      return validateRidet(raw);
    case 'TAHITI':
      return validateTahiti(raw);
    case 'HORS_UE':
    case 'AUTRE':
      return validateFreeIdentifier(raw);
    case 'PARTICULIER':
      return validateParticulier(raw);
    default:
      return assertNever(type);
  }
}

/**
 * SIRET = SIREN (9) + NIC (4) + Luhn key over the 14 digits. Spaces are tolerated on input
 * ("110 002 011 00044" is how INSEE prints it). La Poste exception: its SIRETs (SIREN 356000000)
 * were numbered before the key existed; INSEE validates them by "sum of the 14 digits is a
 * multiple of 5". The head office 35600000000048 is Luhn-valid, so "Luhn OR La Poste rule" covers all.
 */
export function validateSiret(raw: string): IdentifierValidation {
  const value = stripWhitespace(raw);
  if (value === '') return required();
  if (!/^\d{14}$/.test(value)) {
    return fail('FORMAT', 'Le SIRET doit comporter exactement 14 chiffres.', 'A SIRET must be exactly 14 digits.');
  }
  if (!isValidSiretKey(value)) {
    return fail('CHECKSUM', 'La clé de contrôle du SIRET est invalide.', 'The SIRET check digit is invalid.');
  }
  return { ok: true, value };
}

/** Key check only, on an already normalised 14-digit string. */
export function isValidSiretKey(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhnValid(siret)) return true;
  return siret.startsWith(LA_POSTE_SIREN) && digitSum(siret) % 5 === 0;
}

/** SIREN = 9 digits with a Luhn key. Not required by SIRET validation (the portal checks the 14-digit key only). */
export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/**
 * The SIREN (legal unit) of a SIRET (establishment): its first 9 digits. Spaces tolerated.
 * Throws RangeError on anything that is not 14 digits: callers validate first, so this is a bug.
 */
export function sirenOf(siret: string): string {
  const value = stripWhitespace(siret);
  if (!/^\d{14}$/.test(value)) throw new RangeError(`sirenOf: not a 14-digit SIRET: "${siret}"`);
  return value.slice(0, 9);
}

/**
 * French intra-community VAT number of a SIREN: "FR" + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97
 * (DGFiP rule). Used to prefill the optional VAT number of French structures.
 */
export function frenchVatNumberOf(siren: string): string {
  if (!/^\d{9}$/.test(siren)) throw new RangeError(`frenchVatNumberOf: not a 9-digit SIREN: "${siren}"`);
  const key = (12 + 3 * Number(BigInt(siren) % 97n)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/**
 * UE_HORS_FRANCE: a structure of another EU member state is identified by its VAT number.
 * We check the common shape only (prefix + 2..13 letters/digits, the span of all national formats);
 * per-country formats and existence are VIES's business. Spaces, dots and hyphens are removed because
 * national formats print them (BE 0123.456.789, ESX-1234567-X); "GR" is rewritten "EL" so that both
 * spellings of a Greek number give one identifier.
 */
export function validateEuVatIdentifier(raw: string): IdentifierValidation {
  let value = raw.replace(/[\s.-]/g, '').toUpperCase();
  if (value === '') return required();
  if (value.startsWith('GR')) value = `EL${value.slice(2)}`;
  const prefix = value.slice(0, 2);
  if (prefix === 'FR') {
    return fail(
      'FORMAT',
      'Une structure française s\'identifie par son SIRET, pas par son numéro de TVA.',
      'A French structure is identified by its SIRET, not by its VAT number.',
    );
  }
  if (!(EU_VAT_PREFIXES as readonly string[]).includes(prefix)) {
    return fail(
      'FORMAT',
      'Le numéro de TVA doit commencer par le code d\'un État membre de l\'Union européenne (hors France).',
      'The VAT number must start with the code of a European Union member state other than France.',
    );
  }
  if (!/^[A-Z0-9]{2,13}$/.test(value.slice(2))) {
    return fail(
      'FORMAT',
      'Après le code pays, le numéro de TVA comporte de 2 à 13 lettres ou chiffres.',
      'After the country code, the VAT number has 2 to 13 letters or digits.',
    );
  }
  return { ok: true, value };
}

/**
 * RIDET (New Caledonia, ISEE register): RID of 7 digits (6 for the oldest ones) + establishment rank of
 * 3 digits, printed "1234567.001" or with spaces. Like the portal we accept 6 to 10 digits in all, because
 * the rank is often omitted and old RIDs are not always zero-padded; when a dot separates the two parts,
 * it must be exactly RID (6-7) "." rank (3). Normalised to digits only so both spellings give one identifier.
 */
export function validateRidet(raw: string): IdentifierValidation {
  const compact = stripWhitespace(raw);
  if (compact === '') return required();
  const dotted = compact.includes('.');
  const valid = dotted ? /^\d{6,7}\.\d{3}$/.test(compact) : /^\d{6,10}$/.test(compact);
  if (!valid) {
    return fail(
      'FORMAT',
      'Le RIDET comporte de 6 à 10 chiffres (n° RID de 6 ou 7 chiffres, suivi éventuellement du rang d\'établissement sur 3 chiffres).',
      'A RIDET has 6 to 10 digits (RID number of 6 or 7 digits, optionally followed by the 3-digit establishment rank).',
    );
  }
  return { ok: true, value: compact.replace('.', '') };
}

/**
 * Numéro TAHITI (French Polynesia, ISPF register): 6 letters or digits identifying the company,
 * optionally followed by the 3-digit establishment rank. Upper-cased; spaces and a dot separator removed.
 */
export function validateTahiti(raw: string): IdentifierValidation {
  const compact = stripWhitespace(raw).toUpperCase();
  if (compact === '') return required();
  const dotted = compact.includes('.');
  const valid = dotted ? /^[A-Z0-9]{6}\.\d{3}$/.test(compact) : /^[A-Z0-9]{6}(\d{3})?$/.test(compact);
  if (!valid) {
    return fail(
      'FORMAT',
      'Le numéro TAHITI comporte 6 lettres ou chiffres, suivis éventuellement de 3 chiffres (rang d\'établissement).',
      'A TAHITI number has 6 letters or digits, optionally followed by 3 digits (establishment rank).',
    );
  }
  return { ok: true, value: compact.replace('.', '') };
}

/**
 * HORS_UE and AUTRE: foreign or provisional identifiers with no format we could check. We only keep them
 * comparable (the identifier is unique): NFC, whitespace removed, upper-cased; 1..80 printable characters,
 * no control/format/private-use characters (they are invisible and would make look-alike duplicates).
 */
export function validateFreeIdentifier(raw: string): IdentifierValidation {
  const value = stripWhitespace(raw.normalize('NFC')).toUpperCase();
  return checkFreeText(value);
}

/**
 * PARTICULIER: an individual, identified by free text (typically the person's name): trimmed, inner runs of
 * whitespace collapsed to one space (a name keeps its spaces), case kept; 1..80 printable characters.
 */
export function validateParticulier(raw: string): IdentifierValidation {
  const value = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  return checkFreeText(value);
}

function checkFreeText(value: string): IdentifierValidation {
  if (value === '') return required();
  if (/\p{C}/u.test(value)) {
    return fail(
      'FORMAT',
      'L\'identifiant contient des caractères non imprimables.',
      'The identifier contains non-printable characters.',
    );
  }
  // Length in code points, as PostgreSQL varchar(80) counts it.
  if ([...value].length > FREE_IDENTIFIER_MAX_LENGTH) {
    return fail(
      'FORMAT',
      `L'identifiant ne doit pas dépasser ${FREE_IDENTIFIER_MAX_LENGTH} caractères.`,
      `The identifier must not exceed ${FREE_IDENTIFIER_MAX_LENGTH} characters.`,
    );
  }
  return { ok: true, value };
}

/** Luhn (mod 10): from the right, every second digit is doubled (minus 9 when above 9). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function digitSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += digits.charCodeAt(i) - 48;
  return sum;
}

function stripWhitespace(raw: string): string {
  return raw.replace(/\s+/g, '');
}

function required(): IdentifierValidation {
  return fail('FORMAT', 'L\'identifiant est obligatoire.', 'The identifier is required.');
}

function fail(reason: 'FORMAT' | 'CHECKSUM', message_fr: string, message_en: string): IdentifierValidation {
  return { ok: false, reason, message_fr, message_en };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled identifier type: ${String(value)}`);
}
