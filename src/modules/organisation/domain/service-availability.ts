/**
 * When a service of a structure can receive invoices. A service has an active flag AND an activation
 * window [start, end] of calendar dates; both must agree (a manager may set an end date and leave the
 * flag on, and the window must still close it).
 */

export interface ServiceActivation {
  active: boolean;
  /** 'YYYY-MM-DD', required. */
  activationStart: string;
  /** 'YYYY-MM-DD', inclusive; absent = open-ended. */
  activationEnd?: string | null;
}

/** A real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30, 2025-13-01, '2025-1-1'). */
export function isIsoCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The calendar date of an instant in France (Europe/Paris): the portal's business days are French days,
 * so an invoice sent at 00:30 Paris time on 1 March belongs to 1 March even though it is still February in UTC.
 */
export function parisCalendarDate(instant: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/**
 * Open on `today` ('YYYY-MM-DD'): active, started, and not ended (the end day itself is still open).
 * ISO dates of the same format compare correctly as strings.
 */
export function isServiceOpen(service: ServiceActivation, today: string): boolean {
  if (!service.active) return false;
  if (today < service.activationStart) return false;
  return service.activationEnd === null || service.activationEnd === undefined || today <= service.activationEnd;
}
