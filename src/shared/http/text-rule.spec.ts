import { findInvalidText, isInvalidText } from './text-rule';

describe('text rule', () => {
  it('refuses NUL, C0 controls other than tab/LF/CR, and lone surrogates', () => {
    for (const bad of ['\u0000', 'a\u0001', '\u0008', '\u000B', '\u000C', '\u001F', '\uD800', 'x\uDBFFy', '\uDC00', 'a\uDFFF']) {
      expect(isInvalidText(bad)).toBe(true);
    }
  });

  it('accepts ordinary text, tab, line breaks and well-formed surrogate pairs', () => {
    for (const good of ['', 'Liasse', 'a\tb\r\nc', 'Ærø – 10 €', '😀', 'x\uD83D\uDE00y', '\u007F', '\uFFFD']) {
      expect(isInvalidText(good)).toBe(false);
    }
  });

  it('names the first invalid field by its path, keys included, without recursion', () => {
    expect(findInvalidText({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toBe('b.c.1');
    expect(findInvalidText({ first: '\u0000', second: '\u0000' })).toBe('first');
    expect(findInvalidText({ ['k\u0000']: 1 })).toBe('k\uFFFD');
    expect(findInvalidText({ a: 1, b: true, c: null })).toBeUndefined();
    let deep: unknown = '\uD800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findInvalidText(deep)).toMatch(/^0(\.0)*$/);
  });
});
