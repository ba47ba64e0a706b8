import { at, decodingErrors, missing } from './client-decoding';
import { GO_CONSULTER_FACTURE } from './connector-requests';

/** The checker the contract tests rely on must be able to fail: what Go's encoding/json refuses, it refuses. */
describe('client decoding (Go encoding/json as go-choruspro declares its types)', () => {
  it('refuses what go-choruspro fails on: a list for a struct, a float for an int, a number for a string, a timestamp for a Date', () => {
    expect(decodingErrors({ a: { b: 'int' } }, { a: [] })).toEqual(['$.a: an object is expected, got []']);
    expect(decodingErrors({ n: 'int' }, { n: 5.5 })).toHaveLength(1);
    expect(decodingErrors({ s: 'string' }, { s: 20 })).toHaveLength(1);
    expect(decodingErrors({ d: 'date' }, { d: '2026-03-15T10:00:00.000Z' })).toHaveLength(1);
    expect(decodingErrors({ d: 'datetime' }, { d: '2026-03-15' })).toHaveLength(1);
    expect(decodingErrors({ t: 'time' }, { t: '2026-03-15 10:00' })).toHaveLength(1);
    expect(decodingErrors({ l: ['int'] }, { l: { x: 1 } })).toHaveLength(1);
  });

  it('accepts absent and null fields, unknown fields, and each type in its own form', () => {
    expect(decodingErrors({ a: 'int', b: { c: 'string' }, l: ['float'] }, { a: null, x: 'unknown' })).toEqual([]);
    expect(
      decodingErrors(
        { n: 'int', f: 'float', s: 'string', b: 'bool', d: 'date', dt: 'datetime', t: 'time', l: [{ i: 'int' }] },
        { n: 3, f: 5.5, s: 'x', b: false, d: '2026-03-15', dt: '2026-03-15 10:00', t: '2026-03-15T10:00:00.123+00:00', l: [{ i: 1 }, { i: null }] },
      ),
    ).toEqual([]);
  });

  it('rejects the invoice answer as it was before issue 16 (plain arrays), and names where', () => {
    const before = {
      codeRetour: 0,
      facture: {
        identifiantFactureCPP: 1,
        lignesDePoste: [{ lignePosteNumero: 1, lignePosteTauxTvaValeur: 20 }],
        recapitulatifDeTva: [{ tauxTva: 20 }],
        listeDesPiecesJointes: [],
        references: { deviseFacture: 'EUR' },
      },
    };
    expect(decodingErrors(GO_CONSULTER_FACTURE, before).map((e) => e.split(':')[0])).toEqual([
      '$.facture.lignesDePoste',
      '$.facture.listeDesPiecesJointes',
      '$.facture.recapitulatifDeTva',
    ]);
  });

  it('finds the fields a client reads that are absent or null', () => {
    const answer = { facture: { numeroFacture: 'F1', references: { dateDepot: null } } };
    expect(at(answer, 'facture.numeroFacture')).toBe('F1');
    expect(missing(answer, ['facture.numeroFacture', 'facture.references.dateDepot', 'facture.lignesDePoste.lignePoste'])).toEqual([
      'facture.references.dateDepot',
      'facture.lignesDePoste.lignePoste',
    ]);
  });
});
