import { createHmac } from 'node:crypto';
import { retryDelayMs, signatureHeader, signatureOf } from './signature';

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "timestamp.body", hex', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    expect(signatureOf('whsec_test', 1700000000, '{"a":1}')).toBe(expected);
  });

  it('carries one v1 per live secret, the timestamp first', () => {
    const header = signatureHeader(['new', 'old'], 1700000000, 'x');
    expect(header).toBe(`t=1700000000,v1=${signatureOf('new', 1700000000, 'x')},v1=${signatureOf('old', 1700000000, 'x')}`);
  });

  it('changes with the body and the timestamp', () => {
    expect(signatureOf('s', 1, 'x')).not.toBe(signatureOf('s', 2, 'x'));
    expect(signatureOf('s', 1, 'x')).not.toBe(signatureOf('s', 1, 'y'));
  });
});

describe('retry delay', () => {
  it('doubles from the base and stops at an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40, 10_000)).toBe(3_600_000);
  });
});
