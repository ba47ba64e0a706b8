/** Ticket numbers: `CPROCS` + 7 digits, from a PostgreSQL sequence (`support_ticket_number_seq`). */
export const TICKET_NUMBER_PREFIX = 'CPROCS';
export const TICKET_NUMBER_PATTERN = /^CPROCS\d{7}$/;
const MAX = 9_999_999;

export function formatTicketNumber(sequenceValue: number): string {
  if (!Number.isInteger(sequenceValue) || sequenceValue < 1 || sequenceValue > MAX) {
    throw new RangeError(`ticket sequence value out of range: ${sequenceValue}`);
  }
  return `${TICKET_NUMBER_PREFIX}${String(sequenceValue).padStart(7, '0')}`;
}

export function isTicketNumber(value: string): boolean {
  return TICKET_NUMBER_PATTERN.test(value);
}
