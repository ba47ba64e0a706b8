import { sniffMediaType } from './file-store';

describe('sniffMediaType', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'image/jpeg'],
    ['an executable named .pdf', Buffer.from('MZ\x90\x00'), null],
    ['an empty file', Buffer.alloc(0), null],
    ['a truncated PNG header', Buffer.from([0x89, 0x50, 0x4e]), null],
  ])('%s → %s', (_label, content, expected) => {
    expect(sniffMediaType(content)).toBe(expected);
  });
});
