import { InvoiceStatus } from './invoice-status';

/**
 * Legal payment delay ("délai global de paiement", DGP).
 *
 * - It runs from the MISE_A_DISPOSITION of the invoice (for portal invoices the law takes the
 *   notification of availability as the reception date), counted in calendar days: no shift for
 *   weekends or public holidays. 30 days for the State and local authorities, 50 for public health
 *   establishments, 60 for other public companies: the delay is the recipient's parameter.
 * - Days are calendar days in France (Europe/Paris): an invoice made available at 00:30 Paris time on
 *   1 March counts from 1 March even though it is still 28 February in UTC.
 * - A deadline is a date-only value, returned as a Date at 00:00 UTC of that day (what a DATE column
 *   and 'YYYY-MM-DD' carry): payment is due at the latest on that day, overdue from the next day.
 * - Recycling re-routes the invoice and yields a new MISE_A_DISPOSITION: pass the latest one.
 */

export const PAYMENT_TIME_ZONE = 'Europe/Paris';
export const STATE_PAYMENT_DELAY_DAYS = 30;
/** Code de la commande publique R2192-29: after a suspension, at least 30 days are given again. */
export const MIN_DAYS_AFTER_SUSPENSION = 30;

const MS_PER_DAY = 86_400_000;

function assertValidDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name} is not a valid date`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day of an instant in a time zone, as 00:00 UTC of that day. */
export function calendarDay(instant: Date, timeZone: string = PAYMENT_TIME_ZONE): Date {
  assertValidDate(instant, 'instant');
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day')));
}

const addDays = (day: Date, days: number): Date => new Date(day.getTime() + days * MS_PER_DAY);
const daysBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / MS_PER_DAY);

/** A deadline's day is its UTC calendar day, as paymentDeadline returns it. */
const deadlineDay = (deadline: Date): Date =>
  new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth(), deadline.getUTCDate()));

/** `madeAvailableAt`'s day in France + `legalDelayDays` calendar days. */
export function paymentDeadline(madeAvailableAt: Date, legalDelayDays: number, timeZone: string = PAYMENT_TIME_ZONE): Date {
  if (!Number.isInteger(legalDelayDays) || legalDelayDays < 0) {
    throw new RangeError(`legalDelayDays must be a non-negative integer, got ${legalDelayDays}`);
  }
  return addDays(calendarDay(madeAvailableAt, timeZone), legalDelayDays);
}

/**
 * Deadline once a suspended invoice is completed (Code de la commande publique R2192-27 to -29): the
 * suspension interrupts the delay; on completion a new delay opens, of 30 days, or of the balance
 * that was left at suspension if that balance is longer.
 */
export function resumedPaymentDeadline(
  originalDeadline: Date,
  suspendedAt: Date,
  completedAt: Date,
  timeZone: string = PAYMENT_TIME_ZONE,
): Date {
  assertValidDate(originalDeadline, 'originalDeadline');
  const remaining = daysBetween(calendarDay(suspendedAt, timeZone), deadlineDay(originalDeadline));
  return addDays(calendarDay(completedAt, timeZone), Math.max(MIN_DAYS_AFTER_SUSPENSION, remaining));
}

/**
 * Statuses in which the payment clock runs: delivered to the recipient and not yet paid. Not before
 * delivery, not while SUSPENDUE (interrupted) or A_RECYCLER (not received by the right recipient; a
 * new clock starts at re-delivery), not once MISE_EN_PAIEMENT or REJETEE.
 */
export const PAYMENT_CLOCK_STATUSES = [
  'MISE_A_DISPOSITION',
  'COMPLETEE',
  'SERVICE_FAIT',
  'MANDATEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'COMPTABILISEE',
] as const satisfies readonly InvoiceStatus[];
const CLOCK_SET: ReadonlySet<InvoiceStatus> = new Set(PAYMENT_CLOCK_STATUSES);

export const paymentClockRuns = (status: InvoiceStatus): boolean => CLOCK_SET.has(status);

/**
 * The overdue rule as criteria a query can apply (search and export filter on the `invoice` read
 * model with it): overdue = the status is one where the payment clock runs AND the deadline day is
 * before `deadlineBefore`, today's day in France. `isOverdue` is this same rule on one invoice.
 */
export interface OverdueCriteria {
  statuses: readonly InvoiceStatus[];
  /** YYYY-MM-DD: today in France; a deadline strictly before it is past. */
  deadlineBefore: string;
}

const isoDay = (day: Date): string => day.toISOString().slice(0, 10);

export function overdueCriteria(now: Date, timeZone: string = PAYMENT_TIME_ZONE): OverdueCriteria {
  return { statuses: PAYMENT_CLOCK_STATUSES, deadlineBefore: isoDay(calendarDay(now, timeZone)) };
}

/** Overdue: the clock runs and today (in France) is after the deadline day (`overdueCriteria`). */
export function isOverdue(deadline: Date, now: Date, status: InvoiceStatus, timeZone: string = PAYMENT_TIME_ZONE): boolean {
  assertValidDate(deadline, 'deadline');
  const criteria = overdueCriteria(now, timeZone);
  return criteria.statuses.includes(status) && isoDay(deadlineDay(deadline)) < criteria.deadlineBefore;
}
