import { csvCell, csvLine } from './csv';

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
