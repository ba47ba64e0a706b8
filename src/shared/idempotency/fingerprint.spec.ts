import { createHash } from 'node:crypto';
import { BodyFingerprint, requestFingerprint } from './fingerprint';

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** Feeds `body` cut at every position in `cuts`. */
function fed(fingerprint: BodyFingerprint, body: Buffer, cuts: number[]): string {
  let from = 0;
  for (const at of [...cuts, body.length]) {
    fingerprint.update(body.subarray(from, at));
    from = at;
  }
  return fingerprint.digest();
}

const form = (boundary: string, file: string): Buffer =>
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmain\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.pdf"\r\nContent-Type: application/pdf\r\n\r\n${file}\r\n--${boundary}--\r\n`,
  );

describe('BodyFingerprint', () => {
  it('is the SHA-256 of the bytes of a body that is not multipart, however they are cut', () => {
    const body = Buffer.from('{"fichierFacture":"JVBERi0xLjcK","nomFichier":"f.pdf"}');
    expect(fed(BodyFingerprint.forContentType('application/json'), body, [])).toBe(sha256(body));
    expect(fed(BodyFingerprint.forContentType('application/json; charset=utf-8'), body, [1, 2, 30])).toBe(sha256(body));
    expect(new BodyFingerprint().digest()).toBe(sha256(''));
  });

  it('gives a multipart body the same value whatever its boundary, and wherever the chunks are cut', () => {
    const a = form('----liasse123', '%PDF-1.7 data');
    const b = form('XyZ-other-boundary-9876543210', '%PDF-1.7 data');
    const expected = fed(BodyFingerprint.forContentType('multipart/form-data; boundary=----liasse123'), a, []);
    // Every cut of b, the boundary split across chunks included.
    for (let cut = 1; cut < b.length; cut += 7) {
      expect(fed(BodyFingerprint.forContentType('multipart/form-data; boundary="XyZ-other-boundary-9876543210"'), b, [cut, cut + 3])).toBe(expected);
    }
  });

  it('tells two multipart bodies apart when a part differs', () => {
    const type = 'multipart/form-data; boundary=B0UNDARY';
    const one = fed(BodyFingerprint.forContentType(type), form('B0UNDARY', '%PDF-1.7 data'), [20]);
    const two = fed(BodyFingerprint.forContentType(type), form('B0UNDARY', '%PDF-1.7 dat4'), [20]);
    expect(one).not.toBe(two);
  });

  it('keeps its value once read, and refuses bytes after', () => {
    const fingerprint = new BodyFingerprint();
    fingerprint.update(Buffer.from('x'));
    expect(fingerprint.digest()).toBe(fingerprint.digest());
    expect(() => fingerprint.update(Buffer.from('y'))).toThrow();
  });
});

describe('requestFingerprint', () => {
  it('depends on method, route, parameters and query, not on the order of their keys', () => {
    const base = requestFingerprint('post', '/api/v1/invoices/:id/files', { id: '1' }, { kind: 'main', a: '1' });
    expect(requestFingerprint('POST', '/api/v1/invoices/:id/files', { id: '1' }, { a: '1', kind: 'main' })).toBe(base);
    expect(requestFingerprint('POST', '/api/v1/invoices/:id/files', { id: '2' }, { a: '1', kind: 'main' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/invoices/:id/duplicate', { id: '1' }, { a: '1', kind: 'main' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/invoices/:id/files', { id: '1' }, { kind: 'additional', a: '1' })).not.toBe(base);
  });
});
