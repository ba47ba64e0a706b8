import { formatTicketNumber, isTicketNumber } from './ticket-number';

describe('ticket numbers', () => {
  it('is CPROCS followed by 7 digits', () => {
    expect(formatTicketNumber(1)).toBe('CPROCS0000001');
    expect(formatTicketNumber(1234567)).toBe('CPROCS1234567');
    expect(formatTicketNumber(9_999_999)).toBe('CPROCS9999999');
    expect(isTicketNumber(formatTicketNumber(42))).toBe(true);
  });

  it('refuses values that do not fit 7 digits', () => {
    expect(() => formatTicketNumber(0)).toThrow(RangeError);
    expect(() => formatTicketNumber(10_000_000)).toThrow(RangeError);
    expect(() => formatTicketNumber(1.5)).toThrow(RangeError);
  });

  it('recognises only the exact format', () => {
    expect(isTicketNumber('CPROCS123456')).toBe(false);
    expect(isTicketNumber('cprocs1234567')).toBe(false);
    expect(isTicketNumber('CPROCS12345678')).toBe(false);
  });
});
