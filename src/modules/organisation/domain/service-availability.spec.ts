import { isIsoCalendarDate, isServiceOpen, parisCalendarDate } from './service-availability';

describe('isIsoCalendarDate', () => {
  it.each(['2024-02-29', '2025-12-31', '2000-01-01'])('accepts %s', (value) => {
    expect(isIsoCalendarDate(value)).toBe(true);
  });

  it.each(['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-1-1', '25-01-01', '2025-01-01T00:00:00Z', ''])(
    'refuses %j',
    (value) => {
      expect(isIsoCalendarDate(value)).toBe(false);
    },
  );
});

describe('parisCalendarDate', () => {
  it('uses the French day, not the UTC one', () => {
    // 23:30 UTC on 28 Feb 2025 is 00:30 on 1 March in Paris (UTC+1 in winter).
    expect(parisCalendarDate(new Date('2025-02-28T23:30:00Z'))).toBe('2025-03-01');
    // 21:30 UTC on 30 June is 23:30 in Paris (UTC+2 in summer): still 30 June.
    expect(parisCalendarDate(new Date('2025-06-30T21:30:00Z'))).toBe('2025-06-30');
    expect(parisCalendarDate(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01');
  });
});

describe('isServiceOpen', () => {
  const service = { active: true, activationStart: '2024-01-01', activationEnd: '2024-12-31' };

  it('is open inside the window, both ends included', () => {
    expect(isServiceOpen(service, '2024-01-01')).toBe(true);
    expect(isServiceOpen(service, '2024-06-15')).toBe(true);
    expect(isServiceOpen(service, '2024-12-31')).toBe(true);
  });

  it('is closed before the start and after the end', () => {
    expect(isServiceOpen(service, '2023-12-31')).toBe(false);
    expect(isServiceOpen(service, '2025-01-01')).toBe(false);
  });

  it('is closed when inactive, whatever the dates', () => {
    expect(isServiceOpen({ ...service, active: false }, '2024-06-15')).toBe(false);
  });

  it('has no end when the end date is absent or null', () => {
    expect(isServiceOpen({ active: true, activationStart: '2024-01-01' }, '2099-01-01')).toBe(true);
    expect(isServiceOpen({ active: true, activationStart: '2024-01-01', activationEnd: null }, '2099-01-01')).toBe(true);
  });
});
