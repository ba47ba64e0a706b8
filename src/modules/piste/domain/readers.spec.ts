import { randomBytes } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error';
import { amount, base64File, block, codes, filterFlag, firstSet, flag, instantOf, integer, paging, text } from './readers';

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

describe('one lenient reading (D11)', () => {
  const fieldOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return (error as DomainError).field;
    }
    return undefined;
  };

  it('reads a coded field as a string or as the object typed clients send, and an empty object as absent', () => {
    expect(text({ cadreFacturation: 'A1' }, 'cadreFacturation')).toBe('A1');
    expect(text({ cadreFacturation: { codeCadreFacturation: 'A1', codeStructureValideur: null } }, 'cadreFacturation')).toBe('A1');
    expect(text({ format: { format: 'PIVOT' } }, 'format')).toBe('PIVOT');
    expect(text({ typeFacture: { code: 'AVOIR' } }, 'typeFacture', 'references.typeFacture')).toBe('AVOIR');
    expect(text({ cadreFacturation: {} }, 'cadreFacturation')).toBeUndefined();
    expect(text({ cadreFacturation: { codeCadreFacturation: '' } }, 'cadreFacturation')).toBeUndefined();
  });

  it('refuses an object it cannot read as the field, naming the field', () => {
    expect(fieldOf(() => text({ cadreFacturation: { autre: 'A1' } }, 'cadreFacturation'))).toBe('cadreFacturation');
    expect(fieldOf(() => text({ cadreFacturation: { codeCadreFacturation: { x: 1 } } }, 'cadreFacturation'))).toBe('cadreFacturation.codeCadreFacturation');
    expect(fieldOf(() => text({ numeroFacture: ['F1'] }, 'numeroFacture'))).toBe('numeroFacture');
  });

  it('takes a block as its code alone when the block has one', () => {
    expect(block({ cadreDeFacturation: 'A1' }, 'cadreDeFacturation', 'codeCadreFacturation')).toEqual({ codeCadreFacturation: 'A1' });
    expect(fieldOf(() => block({ destinataire: 'X' }, 'destinataire'))).toBe('destinataire');
  });

  it('coerces numbers and strings both ways, and treats null, 0, "" and false as absent except for amounts', () => {
    expect(text({ siret: 12345678900011 }, 'siret')).toBe('12345678900011');
    expect(integer({ idFacture: ' 42 ' }, 'idFacture')).toBe(42);
    expect(integer({ idFacture: { idFacture: '42' } }, 'idFacture')).toBe(42);
    for (const nothing of [null, 0, '', false, undefined]) {
      expect(text({ x: nothing }, 'x')).toBeUndefined();
      expect(integer({ x: nothing }, 'x')).toBeUndefined();
    }
    expect(amount({ m: 0 }, 'm')).toBe('0');
    expect(amount({ m: '1000,50' }, 'm')).toBe('1000.50');
    expect(amount({ m: null }, 'm')).toBeUndefined();
    expect(amount({ m: ' ' }, 'm')).toBeUndefined();
  });

  it('reads lists of codes mixing strings, numbers and object forms; a single value is a list', () => {
    expect(codes({ statutCourant: ['DEPOSEE', { statutCourant: 'REJETEE' }, { codeStatutCourant: 'SUSPENDUE' }, '', null] }, 'statutCourant')).toEqual([
      'DEPOSEE',
      'REJETEE',
      'SUSPENDUE',
    ]);
    expect(codes({ statutCourant: 'DEPOSEE' }, 'statutCourant')).toEqual(['DEPOSEE']);
    expect(codes({ statutCourant: null }, 'statutCourant')).toEqual([]);
    expect(fieldOf(() => codes({ statutCourant: ['A', [1]] }, 'statutCourant'))).toBe('statutCourant[1]');
  });

  it('filters on a flag only when it is true (false is a typed client’s zero value)', () => {
    expect(filterFlag({ rejetTraite: false }, 'rejetTraite')).toBeUndefined();
    expect(filterFlag({ rejetTraite: 'true' }, 'rejetTraite')).toBe(true);
    expect(flag({ avecSignature: false }, 'avecSignature')).toBe(false);
  });

  it('tells which spelling the client used, and reads paging through the same readers', () => {
    expect(firstSet({ pieceJointeFichier: null, fichier: 'AA==' }, ['pieceJointeFichier', 'fichier'])).toBe('fichier');
    expect(firstSet({}, ['pieceJointeFichier', 'fichier'])).toBeUndefined();
    expect(paging({ pageResultatDemandee: '2', nbResultatsParPage: '500', triSens: ' Ascendant ', triColonne: { triColonne: 'DateDepot' } })).toEqual({
      page: 2,
      pageSize: 200,
      sort: 'DateDepot',
      direction: 'asc',
    });
  });

  it('reads an instant from the forms connectors send, a bare date standing for the start or the end of its day', () => {
    const at = (value: unknown, edge: 'start' | 'end' = 'start') => instantOf({ d: value }, 'd', edge);
    expect(at('2026-03-15')).toBe('2026-03-15T00:00:00.000Z');
    expect(at('2026-03-15', 'end')).toBe('2026-03-15T23:59:59.999Z');
    expect(at('2026-03-15T23:59:59')).toBe('2026-03-15T23:59:59.000Z');
    expect(at('2026-03-15T10:11:47.823+01:00')).toBe('2026-03-15T09:11:47.823Z');
    expect(at('2026-03-15 10:11')).toBe('2026-03-15T10:11:00.000Z');
    expect(at(null)).toBeUndefined();
    for (const bad of ['2026-02-30', '15/03/2026', '2026-03-15T25:00', 'hier']) expect(fieldOf(() => at(bad))).toBe('d');
  });
});
