import { randomBytes } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error';
import { base64File } from './readers';

describe('base64File', () => {
  const bytes = randomBytes(10_000);
  const read = (value: unknown): Buffer => base64File({ fichier: value } as Record<string, unknown>, 'fichier');

  it('decodes standard base64 with its padding', () => {
    expect(read(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(read(Buffer.from('ab').toString('base64'))).toEqual(Buffer.from('ab'));
  });

  it('accepts what ERPs also send: line breaks, a data: URL, the URL-safe alphabet, no padding', () => {
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    expect(read(wrapped).equals(bytes)).toBe(true);
    expect(read(`data:application/pdf;base64,${bytes.toString('base64')}`).equals(bytes)).toBe(true);
    expect(read(bytes.toString('base64url')).equals(bytes)).toBe(true);
    expect(read(Buffer.from('ab').toString('base64').replace(/=+$/, ''))).toEqual(Buffer.from('ab'));
  });

  it('refuses characters outside base64, and empty content, naming the field', () => {
    for (const value of [`${bytes.toString('base64').slice(0, 100)}*${bytes.toString('base64').slice(100)}`, 'abc$', '====']) {
      expect(() => read(value)).toThrow(DomainError);
      try {
        read(value);
      } catch (error) {
        expect((error as DomainError).field).toBe('fichier');
      }
    }
  });
});
