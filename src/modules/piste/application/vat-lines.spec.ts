import { DomainError } from '../../../shared/domain/domain-error';
import { implicitLineRate, lineAmount, readVatRate, requiredVatRate } from './vat-lines';

const CODES = new Map([
  ['TVA20', '20'],
  ['TVA5_5', '5.5'],
  ['TVA0', '0'],
]);

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.field;
    throw error;
  }
  return undefined;
};

describe('VAT rates of soumettre', () => {
  it('reads a rate code of recuperer/tauxtva, with or without the manual rate', () => {
    expect(readVatRate({ ligneTvaTaux: 'TVA5_5' }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('5.5');
    expect(readVatRate({ ligneTvaTaux: 'tva5_5', ligneTvaTauxManuel: 5.5 }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('5.5');
    expect(readVatRate({ lignePosteTauxTva: 'TVA20', lignePosteTauxTvaManuel: '20,00' }, 'lignePoste', 'lignePoste[0]', CODES)).toBe('20');
    // A typed client's zero value next to a code is not a rate.
    expect(readVatRate({ ligneTvaTaux: 'TVA20', ligneTvaTauxManuel: 0 }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('20');
  });

  it('reads the rate alone: manual, historical value field, or a number in the code field', () => {
    expect(readVatRate({ ligneTvaTauxManuel: 8.5 }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('8.5');
    expect(readVatRate({ ligneTvaTauxManuel: 0 }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('0');
    expect(readVatRate({ ligneTvaTauxValeur: 20 }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('20');
    expect(readVatRate({ ligneTvaTaux: 20 }, 'ligneTva', 'ligneTva[0]', CODES)).toBe('20');
    expect(readVatRate({ lignePosteTauxTva: '5,5' }, 'lignePoste', 'lignePoste[1]', CODES)).toBe('5.5');
    expect(readVatRate({}, 'lignePoste', 'lignePoste[1]', CODES)).toBeUndefined();
  });

  it('refuses an unknown code, a contradicting manual rate, a negative rate and a VAT line without rate, naming the field', () => {
    expect(fieldOf(() => readVatRate({ ligneTvaTaux: 'TVA99' }, 'ligneTva', 'ligneTva[2]', CODES))).toBe('ligneTva[2].ligneTvaTaux');
    expect(fieldOf(() => readVatRate({ lignePosteTauxTva: 'TVA20', lignePosteTauxTvaManuel: 10 }, 'lignePoste', 'lignePoste[0]', CODES))).toBe(
      'lignePoste[0].lignePosteTauxTvaManuel',
    );
    expect(fieldOf(() => readVatRate({ ligneTvaTauxManuel: -5 }, 'ligneTva', 'ligneTva[0]', CODES))).toBe('ligneTva[0].ligneTvaTauxManuel');
    expect(fieldOf(() => requiredVatRate({ ligneTvaMontantBaseHtParTaux: 10 }, 'ligneTva', 'ligneTva[0]', CODES))).toBe('ligneTva[0].ligneTvaTaux');
  });
});

describe('line amount of soumettre', () => {
  it('multiplies in decimals and rounds half-up once: 1 × 1.005 = 1.01 and 10 × 1.0045 = 10.05 (floats: 1.00 and 10.04)', () => {
    expect(lineAmount({}, 'lignePoste[0]', '1', '1.005')).toBe('1.01');
    expect(lineAmount({}, 'lignePoste[0]', '10', '1.0045')).toBe('10.05');
    expect(lineAmount({}, 'lignePoste[0]', '0.1', '0.2')).toBe('0.02');
  });

  it('subtracts the discount, and keeps an amount the client sent', () => {
    expect(lineAmount({ lignePosteMontantRemiseHT: '0.50' }, 'lignePoste[0]', '2', '10')).toBe('19.50');
    expect(lineAmount({ lignePosteMontantHtApresRemise: 7 }, 'lignePoste[0]', '2', '10')).toBe('7');
  });

  it('refuses more decimals than the money functions keep, naming the field', () => {
    expect(fieldOf(() => lineAmount({}, 'lignePoste[3]', '1', '0.0000001'))).toBe('lignePoste[3].lignePosteMontantUnitaireHT');
  });
});

describe('rate of an item line sent without one', () => {
  it('is the invoice’s only rate, 0 without VAT lines, and refused among several rates', () => {
    expect(implicitLineRate([{ rate: '20' }, { rate: '20.00' }], 'lignePoste[0]')).toBe('20');
    expect(implicitLineRate([], 'lignePoste[0]')).toBe('0');
    expect(fieldOf(() => implicitLineRate([{ rate: '20' }, { rate: '5.5' }], 'lignePoste[1]'))).toBe('lignePoste[1].lignePosteTauxTva');
  });
});
