import { DomainError } from '../../../shared/domain/domain-error';
import { assertPasswordAcceptable } from './password-policy';

function failure(password: string, personal = {}): string | undefined {
  try {
    assertPasswordAcceptable(password, personal);
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('password policy', () => {
  it('accepts 12+ characters with 3 of the 4 classes', () => {
    expect(failure('Brique-Verte-42')).toBeUndefined();
    expect(failure('tulipe rouge 1984')).toBeUndefined(); // lower + digit + special
    expect(failure('CHAMPIGNONS17x')).toBeUndefined();
  });

  it('names the length rule', () => {
    expect(failure('Ab1!ab1!ab1')).toBe('ACCOUNTS.PASSWORD_TOO_SHORT');
    expect(failure(`Aa1!${'x'.repeat(200)}`)).toBe('ACCOUNTS.PASSWORD_TOO_LONG');
  });

  it('names the character-class rule and what is missing', () => {
    try {
      assertPasswordAcceptable('onlylowercaseletters');
      fail('expected refusal');
    } catch (error) {
      const e = error as DomainError;
      expect(e.code).toBe('ACCOUNTS.PASSWORD_NOT_ENOUGH_CLASSES');
      expect(e.localized('fr')).toContain('majuscules');
      expect(e.localized('fr')).toContain('chiffres');
    }
    expect(failure('lowercaseand1234')).toBe('ACCOUNTS.PASSWORD_NOT_ENOUGH_CLASSES');
  });

  it('counts accented letters as letters', () => {
    expect(failure('Éléphant-rose-vif')).toBeUndefined();
  });

  it('refuses common passwords even decorated', () => {
    expect(failure('Password2024!')).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
    expect(failure('Azertyuiop123')).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
    expect(failure('!!Motdepasse99')).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
  });

  it('refuses passwords built on the e-mail or the name', () => {
    expect(failure('Dupontel-2026!', { lastName: 'Dupontel' })).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
    expect(failure('jean.martin#2026A', { email: 'jean.martin@example.fr' })).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
    // As the use cases call it: with the User, whose addresses are loginEmail and contactEmail.
    expect(failure('jean.martin#2026A', { loginEmail: 'jean.martin@example.fr' })).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
    expect(failure('Perso-Marie.C#2026', { loginEmail: 'x.y@example.fr', contactEmail: 'marie.c@example.fr' })).toBe('ACCOUNTS.PASSWORD_TOO_COMMON');
  });
});
