import { INVOICE_STATUSES, InvoiceStatus } from './invoice-status';
import {
  calendarDay,
  isOverdue,
  overdueCriteria,
  PAYMENT_CLOCK_STATUSES,
  paymentClockRuns,
  paymentDeadline,
  resumedPaymentDeadline,
  STATE_PAYMENT_DELAY_DAYS,
} from './payment-deadline';

const iso = (date: Date): string => date.toISOString().slice(0, 10);

describe('calendarDay', () => {
  it('takes the day in France, not in UTC', () => {
    expect(iso(calendarDay(new Date('2024-02-29T23:30:00Z')))).toBe('2024-03-01'); // 00:30 in Paris (winter)
    expect(iso(calendarDay(new Date('2024-06-30T22:30:00Z')))).toBe('2024-07-01'); // 00:30 in Paris (summer)
    expect(iso(calendarDay(new Date('2024-06-30T21:59:59Z')))).toBe('2024-06-30');
    expect(iso(calendarDay(new Date('2024-06-30T22:30:00Z'), 'UTC'))).toBe('2024-06-30');
    expect(calendarDay(new Date('2024-03-01T12:00:00Z')).toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('refuses an invalid date', () => {
    expect(() => calendarDay(new Date('nope'))).toThrow(RangeError);
  });
});

describe('paymentDeadline', () => {
  it.each<[string, number, string]>([
    ['2024-03-01T10:00:00+01:00', 30, '2024-03-31'],
    ['2024-01-31T10:00:00+01:00', 30, '2024-03-01'], // leap year
    ['2023-01-31T10:00:00+01:00', 30, '2023-03-02'],
    ['2024-12-15T10:00:00+01:00', 30, '2025-01-14'], // across the year
    ['2024-03-15T10:00:00+01:00', 30, '2024-04-14'], // across the spring DST change
    ['2024-10-15T10:00:00+02:00', 30, '2024-11-14'], // across the autumn DST change
    ['2024-03-01T10:00:00+01:00', 50, '2024-04-20'], // public health establishments
    ['2024-03-01T10:00:00+01:00', 60, '2024-04-30'],
    ['2024-03-01T10:00:00+01:00', 0, '2024-03-01'],
    ['2024-02-29T23:30:00Z', 30, '2024-03-31'], // already 1 March in Paris
  ])('made available %s + %i days = %s', (madeAvailableAt, days, expected) => {
    const deadline = paymentDeadline(new Date(madeAvailableAt), days);
    expect(iso(deadline)).toBe(expected);
    expect(deadline.toISOString()).toBe(`${expected}T00:00:00.000Z`);
  });

  it('counts calendar days: a deadline on a Sunday stays on the Sunday', () => {
    const deadline = paymentDeadline(new Date('2024-05-06T09:00:00+02:00'), STATE_PAYMENT_DELAY_DAYS);
    expect(iso(deadline)).toBe('2024-06-05');
    const sunday = paymentDeadline(new Date('2024-05-04T09:00:00+02:00'), 29);
    expect(sunday.getUTCDay()).toBe(0);
    expect(iso(sunday)).toBe('2024-06-02');
  });

  it('refuses a bad delay or date', () => {
    expect(() => paymentDeadline(new Date(), -1)).toThrow(RangeError);
    expect(() => paymentDeadline(new Date(), 1.5)).toThrow(RangeError);
    expect(() => paymentDeadline(new Date(), Number.NaN)).toThrow(RangeError);
    expect(() => paymentDeadline(new Date('x'), 30)).toThrow(RangeError);
  });
});

describe('resumedPaymentDeadline', () => {
  const deadline = new Date('2024-03-31T00:00:00Z'); // made available 1 March, 30 days

  it('opens a new 30-day delay from completion', () => {
    // Suspended on 20 March (11 days left), completed on 5 April: 30 days from 5 April.
    const resumed = resumedPaymentDeadline(deadline, new Date('2024-03-20T10:00:00+01:00'), new Date('2024-04-05T10:00:00+02:00'));
    expect(iso(resumed)).toBe('2024-05-05');
  });

  it('keeps the remaining balance when it is longer than 30 days', () => {
    const longDeadline = new Date('2024-04-20T00:00:00Z'); // 50-day delay from 1 March
    // Suspended on 2 March: 49 days left; completed on 10 March -> 49 days from 10 March.
    const resumed = resumedPaymentDeadline(longDeadline, new Date('2024-03-02T09:00:00+01:00'), new Date('2024-03-10T09:00:00+01:00'));
    expect(iso(resumed)).toBe('2024-04-28');
  });

  it('gives 30 days even when the deadline had already passed at suspension', () => {
    const resumed = resumedPaymentDeadline(deadline, new Date('2024-04-10T09:00:00+02:00'), new Date('2024-04-11T09:00:00+02:00'));
    expect(iso(resumed)).toBe('2024-05-11');
  });
});

describe('isOverdue', () => {
  const deadline = new Date('2024-03-31T00:00:00Z');

  it('is not overdue on the deadline day itself, overdue from the next day (French time)', () => {
    expect(isOverdue(deadline, new Date('2024-03-31T21:59:00Z'), 'MISE_A_DISPOSITION')).toBe(false); // 23:59 Paris
    expect(isOverdue(deadline, new Date('2024-03-31T22:00:00Z'), 'MISE_A_DISPOSITION')).toBe(true); // 00:00 Paris, 1 April
    expect(isOverdue(deadline, new Date('2024-03-01T08:00:00Z'), 'MISE_A_DISPOSITION')).toBe(false);
  });

  const late = new Date('2024-06-01T12:00:00Z');

  it.each(PAYMENT_CLOCK_STATUSES.map((status) => [status]))('is overdue while %s after the deadline', (status) => {
    expect(isOverdue(deadline, late, status)).toBe(true);
  });

  it.each(
    INVOICE_STATUSES.filter((status) => !(PAYMENT_CLOCK_STATUSES as readonly InvoiceStatus[]).includes(status)).map((status) => [status]),
  )('is never overdue while %s', (status) => {
    expect(isOverdue(deadline, late, status)).toBe(false);
  });

  it('stops once paid or rejected, and while suspended or to be recycled', () => {
    for (const status of ['MISE_EN_PAIEMENT', 'REJETEE', 'SUSPENDUE', 'A_RECYCLER'] as const) {
      expect(paymentClockRuns(status)).toBe(false);
      expect(isOverdue(deadline, late, status)).toBe(false);
    }
  });

  it('refuses an invalid deadline', () => {
    expect(() => isOverdue(new Date('x'), late, 'MISE_A_DISPOSITION')).toThrow(RangeError);
  });
});

describe('overdueCriteria', () => {
  it('is today in France and the statuses where the payment clock runs', () => {
    expect(overdueCriteria(new Date('2024-03-31T21:59:00Z'))).toEqual({ statuses: PAYMENT_CLOCK_STATUSES, deadlineBefore: '2024-03-31' });
    expect(overdueCriteria(new Date('2024-03-31T22:00:00Z')).deadlineBefore).toBe('2024-04-01'); // 00:00 Paris (summer time)
    expect(overdueCriteria(new Date('2024-12-31T23:30:00Z')).deadlineBefore).toBe('2025-01-01'); // 00:30 Paris (winter time)
    expect(overdueCriteria(new Date('2024-12-31T23:30:00Z'), 'UTC').deadlineBefore).toBe('2024-12-31');
  });

  // What a query does with the criteria (status in statuses and deadline < deadlineBefore) is what
  // isOverdue answers, for every status and around the deadline day's boundaries in France.
  const deadlines = ['2024-03-30', '2024-03-31', '2024-04-01'];
  const instants = ['2024-03-31T21:59:00Z', '2024-03-31T22:00:00Z', '2024-03-30T23:30:00Z', '2024-04-01T12:00:00Z', '2024-10-27T00:30:00Z'];
  it.each(INVOICE_STATUSES.map((status) => [status]))('agrees with isOverdue for %s', (status) => {
    for (const deadline of deadlines) {
      for (const instant of instants) {
        const criteria = overdueCriteria(new Date(instant));
        const byQuery = (criteria.statuses as readonly string[]).includes(status) && deadline < criteria.deadlineBefore;
        expect([deadline, instant, isOverdue(new Date(`${deadline}T00:00:00Z`), new Date(instant), status)]).toEqual([deadline, instant, byQuery]);
      }
    }
  });
});
