import { CommonErrors } from '../../../shared/domain/common.errors';
import { firstFieldWithBidiControl } from '../../../shared/domain/bidi-controls';
import { InvoicingErrors } from './invoicing.errors';
import type { RuleViolation } from './submission-rules';

/**
 * Sane range of an invoice date (docs/invoices.md): from 2000-01-01 (older invoices are not submitted to
 * a platform opened since) to 30 days after today (UTC), a margin for invoices dated at the end of
 * the month. Outside it, a date is a typing error (`0226-03-15`, `20260-…`) that would otherwise file the
 * invoice under a nonsense year (its number is unique per year) and a payment deadline decades away.
 */
export const INVOICE_DATE_MIN = '2000-01-01';
export const INVOICE_DATE_MAX_DAYS_AHEAD = 30;

const DAY_MS = 86_400_000;
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && isoDay(parsed) === value;
}

/** The latest invoice date accepted on `today`. */
export const invoiceDateMax = (today: Date): string => isoDay(new Date(today.getTime() + INVOICE_DATE_MAX_DAYS_AHEAD * DAY_MS));

/** null (not given yet) passes: completeness is checked at submission (FIELD_REQUIRED). */
export function checkInvoiceDate(value: string | null | undefined, today: Date): RuleViolation | null {
  if (value === null || value === undefined) return null;
  if (!isCalendarDate(value)) return { error: InvoicingErrors.INVOICE_DATE_INVALID, field: 'invoiceDate', params: { value } };
  const max = invoiceDateMax(today);
  if (value < INVOICE_DATE_MIN || value > max) return { error: InvoicingErrors.INVOICE_DATE_OUT_OF_RANGE, field: 'invoiceDate', params: { min: INVOICE_DATE_MIN, max } };
  return null;
}

/** What an invoice says that identifies or routes it: the values the bidi rule applies to. */
export interface InvoiceIdentifiers {
  number?: string | null;
  engagementNumber?: string | null;
  contractNumber?: string | null;
  recipientServiceCode?: string | null;
  recipientIdentifier?: string | null;
}

/** Identifiers and numbers hold no bidirectional control (shared/domain/bidi-controls.ts). */
export function checkIdentifiers(input: InvoiceIdentifiers): RuleViolation | null {
  const found = firstFieldWithBidiControl({
    number: input.number,
    engagementNumber: input.engagementNumber,
    contractNumber: input.contractNumber,
    recipientServiceCode: input.recipientServiceCode,
    recipientIdentifier: input.recipientIdentifier,
  });
  return found ? { error: CommonErrors.BIDI_CONTROL_NOT_ALLOWED, field: found.field, params: { field: found.field, character: found.character } } : null;
}

/** The input rules every entry path applies (portal drafts, API submissions, flows), at entry and again at submission. */
export function checkInvoiceInput(input: InvoiceIdentifiers & { invoiceDate?: string | null }, today: Date): RuleViolation | null {
  return checkIdentifiers(input) ?? checkInvoiceDate(input.invoiceDate, today);
}

/** A file name holds no bidi control either (`facture<U+202E>fdp.exe` shows as `factureexe.pdf`). */
export function checkFileName(fileName: string, field = 'fileName'): RuleViolation | null {
  const found = firstFieldWithBidiControl({ [field]: fileName });
  return found ? { error: CommonErrors.BIDI_CONTROL_NOT_ALLOWED, field, params: { field, character: found.character } } : null;
}
