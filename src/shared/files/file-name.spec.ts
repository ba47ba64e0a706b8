import { sanitiseFileName } from './file-name';

describe('sanitiseFileName (the one file-name sanitiser)', () => {
  it('keeps an ordinary name as it is, accents and spaces included', () => {
    expect(sanitiseFileName('Kbis société 2026.pdf')).toBe('Kbis société 2026.pdf');
  });

  it('keeps the last path segment only, for both separators', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('C:\\Users\\me\\rib.pdf')).toBe('rib.pdf');
  });

  it('drops control and bidi characters and double quotes, then trims', () => {
    expect(sanitiseFileName('  fact\u0000ure\t"x".pdf  ')).toBe('facturex.pdf');
    expect(sanitiseFileName('facture\u202Efdp.exe')).toBe('facturefdp.exe');
  });

  it('falls back when nothing is left, to the caller’s default if given', () => {
    expect(sanitiseFileName('')).toBe('fichier');
    expect(sanitiseFileName('dir/')).toBe('fichier');
    expect(sanitiseFileName('"\u200F"', 'facture.pdf')).toBe('facture.pdf');
  });

  it('cuts at 255 code points, never inside a surrogate pair', () => {
    expect(sanitiseFileName('a'.repeat(300))).toHaveLength(255);
    const emoji = sanitiseFileName('😀'.repeat(300));
    expect([...emoji]).toHaveLength(255);
    expect(emoji.endsWith('😀')).toBe(true);
  });
});
