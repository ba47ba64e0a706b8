import { isDatabaseDown, isMalformedMultipart, toDomainError } from './to-domain-error';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('error classification', () => {
  it('takes only connection-level failures for an outage', () => {
    for (const down of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '53300', '08006', '08001', '08003']) {
      expect(isDatabaseDown(withCode(down))).toBe(true);
    }
    expect(isDatabaseDown(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseDown(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseDown(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
    // A protocol violation (a NUL in a statement) and data errors come from a healthy connection.
    for (const healthy of ['08P01', '22021', '22P02', '23505', '42601']) {
      expect(isDatabaseDown(withCode(healthy))).toBe(false);
    }
    expect(isDatabaseDown(new Error('boom'))).toBe(false);
  });

  it('answers data exceptions 400 (logged), outages 503, the rest 500', () => {
    expect(toDomainError(withCode('22021'), 'r')).toMatchObject({ error: { code: 'COMMON.VALIDATION_FAILED', status: 400 }, internal: true });
    expect(toDomainError(withCode('08P01'), 'r')).toMatchObject({ error: { status: 500 }, internal: true });
    expect(toDomainError(withCode('ECONNREFUSED'), 'r')).toMatchObject({ error: { status: 503 } });
  });

  it('recognises what the multipart parser throws on a malformed body, and nothing else', () => {
    for (const message of [
      'Part terminated early due to unexpected end of multipart data',
      'Unexpected end of multipart data',
      'Multipart: Boundary not found',
      'The needle cannot have a length bigger than 256.',
    ]) {
      expect(isMalformedMultipart(new Error(message))).toBe(true);
      expect(toDomainError(new Error(message), 'r')).toMatchObject({ error: { code: 'COMMON.MALFORMED_BODY', status: 400 }, internal: false });
    }
    expect(isMalformedMultipart(new Error('something else'))).toBe(false);
    expect(toDomainError(withCode('FST_MP_PREMATURE_CLOSE'), 'r').error.status).toBe(400);
  });
});
