import 'reflect-metadata';
import '../../../app.module';
import { errorCatalogue } from '../../../shared/domain/domain-error';
import { RETURN_CODES, returnCodeOf } from './return-codes';

describe('codeRetour mapping', () => {
  it('covers every DomainError code of every context', () => {
    const missing = errorCatalogue()
      .map((e) => e.code)
      .filter((code) => !(code in RETURN_CODES));
    expect(missing).toEqual([]);
  });

  it('gives distinct, non-zero return codes', () => {
    const values = Object.values(RETURN_CODES);
    expect(values.every((v) => v > 0)).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  it('maps nothing that is no longer an error code', () => {
    const known = new Set(errorCatalogue().map((e) => e.code));
    expect(Object.keys(RETURN_CODES).filter((c) => !known.has(c))).toEqual([]);
    expect(returnCodeOf('PISTE.FIELD_REQUIRED')).toBeGreaterThan(1000);
  });
});
