import { toCsv } from './views';

describe('toCsv', () => {
  it('writes semicolon-separated rows with a BOM, quoting what needs it', () => {
    const csv = toCsv(['a', 'b'], [['x;y', 'say "hi"'], [null, true]]);
    expect(csv).toBe('\uFEFFa;b\r\n"x;y";"say ""hi"""\r\n;true\r\n');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(toCsv(['a'], [['=HYPERLINK("x")'], ['+1'], ['-2'], ['@cmd']])).toBe('\uFEFFa\r\n"\'=HYPERLINK(""x"")"\r\n\'+1\r\n\'-2\r\n\'@cmd\r\n');
  });
});
