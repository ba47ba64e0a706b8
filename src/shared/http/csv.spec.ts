import { csvCell, csvLine, parseCsv } from './csv';

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\\nlines')).toBe('two\\nlines');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+33 1 23')).toBe("'+33 1 23");
    expect(csvCell('-1')).toBe("'-1");
  });
  it('writes numbers and empty values plainly, lines end with CRLF', () => {
    expect(csvLine([12, null, undefined, '1200.00'])).toBe('12;;;1200.00\r\n');
  });
});

describe('parseCsv', () => {
  it('reads what csvLine writes back: quotes, separators and line breaks inside cells, CRLF, the BOM', () => {
    const text = `\uFEFF${csvLine(['a;b', 'say "hi"', 'two\nlines'])}${csvLine(['x', '', 'z'])}`;
    expect(parseCsv(text)).toEqual([['a;b', 'say "hi"', 'two\nlines'], ['x', '', 'z']]);
  });
  it('takes the separator of the header line, and keeps blank lines as empty rows', () => {
    expect(parseCsv('numero,montant\nEJ-1,"1,5"\n\nEJ-2,3')).toEqual([['numero', 'montant'], ['EJ-1', '1,5'], [], ['EJ-2', '3']]);
  });
});
