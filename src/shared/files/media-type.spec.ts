import { isPdf, sniffMediaType } from './media-type';

describe('sniffMediaType (the one magic-byte check)', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'image/jpeg'],
    ['GIF87a', Buffer.from('GIF87a...'), 'image/gif'],
    ['GIF89a', Buffer.from('GIF89a...'), 'image/gif'],
    ['ZIP', Buffer.from('PK\x03\x04rest', 'latin1'), 'application/zip'],
    ['gzip (a .tar.gz flow)', Buffer.from([0x1f, 0x8b, 0x08, 0]), 'application/gzip'],
    ['XML with a declaration', Buffer.from('<?xml version="1.0"?><Invoice/>'), 'application/xml'],
    ['XML after a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version')]), 'application/xml'],
    ['XML without a declaration (a bare root element)', Buffer.from('\n  <rsm:CrossIndustryInvoice'), 'application/xml'],
  ])('%s → %s', (_label, head, expected) => {
    expect(sniffMediaType(head)).toBe(expected);
  });

  it.each([
    ['an executable named .pdf', Buffer.from('MZ\x90\x00', 'latin1')],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated PNG header', Buffer.from([0x89, 0x50, 0x4e])],
    ['a truncated PDF header', Buffer.from('%PDF')],
    ['a PDF marker after other bytes', Buffer.from(' %PDF-1.7')],
    ['a GIF of an unknown version', Buffer.from('GIF88a')],
    ['a PK header that is not a local file entry', Buffer.from('PK\x05\x06', 'latin1')],
    ['text', Buffer.from('hello <world>')],
    ['a lone "<" followed by a digit', Buffer.from('<1>')],
  ])('refuses %s', (_label, head) => {
    expect(sniffMediaType(head)).toBeNull();
  });

  it('needs no more than the 16 bytes the store describes', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000)]);
    expect(sniffMediaType(pdf.subarray(0, 16))).toBe('application/pdf');
  });

  it('isPdf is the PDF answer of the same check', () => {
    expect(isPdf(Buffer.from('%PDF-1.4'))).toBe(true);
    expect(isPdf(Buffer.from('<html>%PDF-'))).toBe(false);
    expect(isPdf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(false);
  });
});
