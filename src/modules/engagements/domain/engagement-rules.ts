import { DefinedError, ErrorParams } from '../../../shared/domain/domain-error';
import { formatAmount, parseAmount } from '../../../shared/domain/money';
import { EngagementsErrors as E } from './engagements.errors';

/** Kinds of commitment the real platform groups under « Commande » (bail, subvention, bon de commande…). */
export const ENGAGEMENT_TYPES = ['BON_DE_COMMANDE', 'MARCHE', 'ORDRE_DE_SERVICE', 'BAIL', 'SUBVENTION', 'AUTRE_CONTRAT'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** ACTIVE: invoices may be charged to it; INACTIVE: deactivated by its issuer, no new invoice. */
export const ENGAGEMENT_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export interface RuleIssue {
  readonly error: DefinedError;
  readonly field: string;
  readonly params?: ErrorParams;
}

/** An engagement as typed by a user, a CSV line or an API client: text everywhere, checked here once. */
export interface EngagementFields {
  number?: string | null;
  type?: string | null;
  notificationDate?: string | null;
  amount?: string | number | null;
  amountExclTax?: string | number | null;
  currency?: string | null;
  supplierStructureId?: string | null;
  supplierIdentifier?: string | null;
  serviceCode?: string | null;
  contractNumber?: string | null;
  label?: string | null;
}

/** The same fields, checked and normalised (amounts as 2-decimal text). */
export interface CheckedEngagement {
  number: string;
  type: EngagementType;
  notificationDate: string;
  amount: string;
  amountExclTax: string | null;
  currency: string;
  supplierStructureId: string | null;
  supplierIdentifier: string | null;
  serviceCode: string | null;
  contractNumber: string | null;
  label: string | null;
}

const trimmed = (v: string | number | null | undefined): string | null => {
  if (v === null || v === undefined) return null;
  const t = String(v).trim();
  return t === '' ? null : t;
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isCalendarDate = (value: string): boolean => {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function amountOf(field: string, raw: string | null, issues: RuleIssue[], positive: boolean): string | null {
  if (raw === null) return null;
  const parsed = parseAmount(raw, { allowNegative: false });
  if (!parsed.ok) {
    issues.push({ error: E.AMOUNT_INVALID, field, params: { detail: parsed.message } });
    return null;
  }
  if (positive && parsed.value === 0n) {
    issues.push({ error: E.AMOUNT_INVALID, field, params: { detail: 'must be greater than 0' } });
    return null;
  }
  return formatAmount(parsed.value);
}

/**
 * Every rule on an engagement's own fields, all issues at once (a CSV line reports each of them): number
 * (≤ 50 characters, the invoice's engagementNumber), notification date, amount incl. VAT > 0 with at most
 * 2 decimals, the amount excl. VAT not above it, an ISO 4217 currency code, a known type, and a supplier by
 * structure id and/or SIRET (14 digits). Whether they exist is the use case's (catalog) check.
 */
export function checkEngagementFields(input: EngagementFields): { value: CheckedEngagement | null; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const number = trimmed(input.number);
  if (number === null) issues.push({ error: E.FIELD_REQUIRED, field: 'number', params: { field: 'number' } });
  else if (number.length > 50) issues.push({ error: E.FIELD_INVALID, field: 'number', params: { field: 'number', detail: 'at most 50 characters' } });
  const type = trimmed(input.type) ?? 'BON_DE_COMMANDE';
  if (!(ENGAGEMENT_TYPES as readonly string[]).includes(type)) {
    issues.push({ error: E.FIELD_INVALID, field: 'type', params: { field: 'type', detail: `one of ${ENGAGEMENT_TYPES.join(', ')}` } });
  }
  const notificationDate = trimmed(input.notificationDate);
  if (notificationDate === null) issues.push({ error: E.FIELD_REQUIRED, field: 'notificationDate', params: { field: 'notificationDate' } });
  else if (!isCalendarDate(notificationDate)) {
    issues.push({ error: E.FIELD_INVALID, field: 'notificationDate', params: { field: 'notificationDate', detail: 'a date YYYY-MM-DD' } });
  }
  const rawAmount = trimmed(input.amount);
  if (rawAmount === null) issues.push({ error: E.FIELD_REQUIRED, field: 'amount', params: { field: 'amount' } });
  const amount = amountOf('amount', rawAmount, issues, true);
  const amountExclTax = amountOf('amountExclTax', trimmed(input.amountExclTax), issues, false);
  if (amount !== null && amountExclTax !== null && cents(amountExclTax) > cents(amount)) {
    issues.push({ error: E.FIELD_INVALID, field: 'amountExclTax', params: { field: 'amountExclTax', detail: 'above the amount including VAT' } });
  }
  const currency = (trimmed(input.currency) ?? 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) issues.push({ error: E.FIELD_INVALID, field: 'currency', params: { field: 'currency', detail: 'an ISO 4217 code (EUR)' } });
  const supplierStructureId = trimmed(input.supplierStructureId);
  const supplierIdentifier = trimmed(input.supplierIdentifier)?.replace(/\s/g, '') ?? null;
  if (supplierStructureId === null && supplierIdentifier === null) issues.push({ error: E.SUPPLIER_REQUIRED, field: 'supplierIdentifier' });
  if (supplierStructureId !== null && !UUID.test(supplierStructureId)) {
    issues.push({ error: E.FIELD_INVALID, field: 'supplierStructureId', params: { field: 'supplierStructureId', detail: 'a structure id (UUID)' } });
  }
  if (supplierIdentifier !== null && !/^\d{14}$/.test(supplierIdentifier)) {
    issues.push({ error: E.FIELD_INVALID, field: 'supplierIdentifier', params: { field: 'supplierIdentifier', detail: 'a SIRET (14 digits)' } });
  }
  const contractNumber = trimmed(input.contractNumber);
  if (contractNumber !== null && contractNumber.length > 50) {
    issues.push({ error: E.FIELD_INVALID, field: 'contractNumber', params: { field: 'contractNumber', detail: 'at most 50 characters' } });
  }
  const label = trimmed(input.label);
  if (label !== null && label.length > 200) issues.push({ error: E.FIELD_INVALID, field: 'label', params: { field: 'label', detail: 'at most 200 characters' } });
  if (issues.length > 0) return { value: null, issues };
  return {
    value: {
      number: number!,
      type: type as EngagementType,
      notificationDate: notificationDate!,
      amount: amount!,
      amountExclTax,
      currency,
      supplierStructureId,
      supplierIdentifier,
      serviceCode: trimmed(input.serviceCode),
      contractNumber,
      label,
    },
    issues,
  };
}

/** A stored amount as 2-decimal text ("1200" → "1200.00"). */
export const amountText = (value: string): string => formatAmount(cents(value));

/** What is left of an engagement, as 2-decimal text. */
export const remainingOf = (amount: string, consumed: string): string => formatAmount(cents(amount) - cents(consumed));

export interface ChargeFacts {
  readonly number: string;
  readonly status: string;
  readonly currency: string;
  readonly amount: string;
  readonly consumed: string;
}

/**
 * Whether an invoice of `invoiceAmount` (incl. VAT) in `invoiceCurrency` may be charged to the engagement
 * (null: it may). The database applies the same test atomically (engagement-ledger.ts); this explains a
 * refusal, in the order a supplier fixes them: active, currency, amount.
 */
export function chargeRefusal(engagement: ChargeFacts, invoiceAmount: string, invoiceCurrency: string): RuleIssue | null {
  const params = { number: engagement.number };
  if (engagement.status !== 'ACTIVE') return { error: E.NOT_ACTIVE, field: 'engagementNumber', params };
  if (engagement.currency !== invoiceCurrency) {
    return { error: E.CURRENCY_MISMATCH, field: 'engagementNumber', params: { ...params, engagementCurrency: engagement.currency, invoiceCurrency } };
  }
  const remaining = remainingOf(engagement.amount, engagement.consumed);
  if (cents(invoiceAmount) > cents(remaining)) {
    return { error: E.EXCEEDED, field: 'engagementNumber', params: { ...params, amount: formatAmount(cents(invoiceAmount)), remaining } };
  }
  return null;
}

function cents(value: string): bigint {
  const parsed = parseAmount(value);
  if (!parsed.ok) throw new RangeError(`not an amount: ${value}`);
  return parsed.value;
}
