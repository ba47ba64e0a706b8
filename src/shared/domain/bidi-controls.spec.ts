import { bidiControlIn, firstFieldWithBidiControl } from './bidi-controls';

describe('bidi controls', () => {
  it.each(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'])('finds %j anywhere in a value', (c) => {
    const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(bidiControlIn(`F-2026${c}-001`)).toBe(code);
    expect(bidiControlIn(`${c}F`)).toBe(code);
    expect(bidiControlIn(`F${c}`)).toBe(code);
  });
  it('accepts ordinary text, accents, Arabic and Hebrew letters (only the controls are refused)', () => {
    for (const ok of ['F-2026-001', 'Facture n°12 é', 'فاتورة-12', 'חשבונית 7', '\u200B', '\u2060', '', null, undefined]) expect(bidiControlIn(ok)).toBeNull();
  });
  it('names the first field holding one', () => {
    expect(firstFieldWithBidiControl({ number: 'F-1', engagementNumber: 'EJ\u202E1', contractNumber: '\u2066x' })).toEqual({ field: 'engagementNumber', character: 'U+202E' });
    expect(firstFieldWithBidiControl({ number: 'F-1', engagementNumber: null })).toBeNull();
  });
});
