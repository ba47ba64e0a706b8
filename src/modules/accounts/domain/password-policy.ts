import { DomainError } from '../../../shared/domain/domain-error';
import { AccountsErrors } from './accounts.errors';
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 cost grows with input; 128 characters is far beyond any passphrase people type. */
export const PASSWORD_MAX_LENGTH = 128;

const CLASSES = [
  { name: { fr: 'majuscules', en: 'upper case' }, test: (c: string) => /\p{Lu}/u.test(c) },
  { name: { fr: 'minuscules', en: 'lower case' }, test: (c: string) => /\p{Ll}/u.test(c) },
  { name: { fr: 'chiffres', en: 'digits' }, test: (c: string) => /\p{Nd}/u.test(c) },
  { name: { fr: 'caractères spéciaux', en: 'special characters' }, test: (c: string) => /[^\p{L}\p{Nd}]/u.test(c) },
];

/**
 * DOMAIN.md (latest source): at least 12 characters and 3 of the 4 classes. We also refuse passwords
 * from the common-password list and ones built on the user's own e-mail or name. Throws the first rule
 * that fails, named by its code.
 */
/**
 * What a password must not be built on. A User can be passed as is: its addresses are `loginEmail` and
 * `contactEmail` (reading only `email` silently skipped them, since a User has no such property).
 */
export interface PersonalData {
  email?: string;
  loginEmail?: string;
  contactEmail?: string;
  firstName?: string;
  lastName?: string;
}

export function assertPasswordAcceptable(password: string, personal: PersonalData = {}): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw new DomainError(AccountsErrors.PASSWORD_TOO_SHORT, { min: PASSWORD_MIN_LENGTH }, 'password');
  if (length > PASSWORD_MAX_LENGTH) throw new DomainError(AccountsErrors.PASSWORD_TOO_LONG, { max: PASSWORD_MAX_LENGTH }, 'password');
  const chars = [...password];
  const missing = CLASSES.filter((cls) => !chars.some(cls.test));
  if (missing.length > 1) {
    throw new DomainError(
      AccountsErrors.PASSWORD_NOT_ENOUGH_CLASSES,
      { missing: missing.map((m) => m.name.fr).join(', '), missingEn: missing.map((m) => m.name.en).join(', ') },
      'password',
    );
  }
  if (isCommonOrPersonal(password, personal)) throw new DomainError(AccountsErrors.PASSWORD_TOO_COMMON, {}, 'password');
}

function isCommonOrPersonal(password: string, personal: PersonalData): boolean {
  const lowered = password.toLowerCase();
  // "Password2024!" is "password" with decorations: strip digits and symbols at both ends before looking it up.
  const core = lowered.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON_PASSWORDS.has(lowered) || (core.length >= 4 && COMMON_PASSWORDS.has(core))) return true;
  const localParts = [personal.email, personal.loginEmail, personal.contactEmail].map((e) => e?.split('@')[0]?.toLowerCase());
  const words = [...localParts, personal.firstName?.toLowerCase(), personal.lastName?.toLowerCase()].filter(
    (w): w is string => !!w && w.length >= 4,
  );
  return words.some((w) => lowered.includes(w));
}
