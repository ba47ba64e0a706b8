import { nextObjectHeader, scanPdfObjects } from './pdf-objects';

/** The grammar nextObjectHeader implements, as the regular expression the scan used to run over the whole file. */
const HEADER = /(\d{1,10})[\0\t\n\f\r ]{1,16}(\d{1,5})[\0\t\n\f\r ]{1,16}obj\b/g;

function byRegExp(pdf: Buffer, from: number) {
  HEADER.lastIndex = from;
  const match = HEADER.exec(pdf.toString('latin1'));
  return match ? { index: match.index, end: match.index + match[0].length, num: Number(match[1]) } : undefined;
}

describe('nextObjectHeader', () => {
  it('finds the header the regular expression finds, from every position, on bodies made of tricky pieces', () => {
    const pieces = ['1', '12', '12345678901', '0', ' ', '\n', '\0', '\r\n', ' '.repeat(17), 'obj', 'objx', 'obj_', 'obj ', 'endobj', 'x', 'é', '<<', '123456'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const pdf = Buffer.from(Array.from({ length: 1 + next(12) }, () => pieces[next(pieces.length)]).join(''), 'latin1');
      for (let from = 0; from <= pdf.length; from++) expect([pdf.toString('latin1'), from, nextObjectHeader(pdf, from)]).toEqual([pdf.toString('latin1'), from, byRegExp(pdf, from)]);
    }
  });

  it.each([
    ['a plain header', '1 0 obj', 0, { index: 0, end: 7, num: 1 }],
    ['eleven digits: the last ten', '12345678901 0 obj', 0, { index: 1, end: 17, num: 2345678901 }],
    ['from inside the number', '12345 0 obj', 3, { index: 3, end: 11, num: 45 }],
    ['from past the number', '12345 0 obj', 5, undefined],
    ['a generation of six digits', '1 123456 obj', 0, undefined],
    ['seventeen blanks', `1${' '.repeat(17)}0 obj`, 0, undefined],
    ['a word after obj', '1 0 objects', 0, undefined],
  ])('%s', (_, text, from, expected) => {
    expect(nextObjectHeader(Buffer.from(text, 'latin1'), from)).toEqual(expected);
  });

  it('lets the scan read objects and skip stream data by /Length or endstream', () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Length 10 >>\nstream\n2 0 obj ab\nendstream\nendobj\n3 0 obj\n<< /A 1 >>\nstream\n4 0 obj\nendstream\nendobj\n5 0 obj (x) endobj\n', 'latin1');
    const objects = scanPdfObjects(pdf);
    expect([...objects.keys()]).toEqual([1, 3, 5]);
    expect(objects.get(1)!.stream!.toString('latin1')).toBe('2 0 obj ab');
    expect(objects.get(3)!.stream!.toString('latin1')).toBe('4 0 obj');
  });
});
