import { sniffTicketFileType } from './ticket-file-store';

describe('ticket file types (magic bytes)', () => {
  it('recognises PDF, PNG, JPEG, GIF and ZIP from their first bytes', () => {
    expect(sniffTicketFileType(Buffer.from('%PDF-1.7 ...'))).toBe('application/pdf');
    expect(sniffTicketFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffTicketFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffTicketFileType(Buffer.from('GIF89a...'))).toBe('image/gif');
    expect(sniffTicketFileType(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('application/zip');
  });

  it('refuses anything else, whatever its name would say', () => {
    expect(sniffTicketFileType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffTicketFileType(Buffer.from('<html>%PDF-'))).toBeNull();
    expect(sniffTicketFileType(Buffer.alloc(0))).toBeNull();
  });
});
