import { DefinedError, ErrorParams } from '../../../shared/domain/domain-error';
import { checkTotals, TotalsIssue } from './totals-rules';
import { BankAccountSummary, ServiceSummary, StructureSummary } from '../../organisation/contracts/structures';
import { findBillingFramework, hasValidationCircuit } from './reference';
import { InvoicingErrors } from './invoicing.errors';

export interface RuleViolation {
  readonly error: DefinedError;
  readonly field: string;
  readonly params?: ErrorParams;
  readonly issues?: readonly TotalsIssue[];
}

const blank = (value: string | null | undefined): boolean => value === null || value === undefined || value.trim() === '';

export interface RoutingInput {
  readonly recipient: StructureSummary | null;
  /** The service found for `serviceCode` in the recipient (null when no code or not found). */
  readonly service: ServiceSummary | null;
  readonly serviceCode: string | null;
  readonly engagementNumber: string | null;
}

/**
 * Recipient rules (DOMAIN.md, Invoicing), in the order a user fixes them: recipient exists, is public
 * and active; the service code, when given, exists and is active; then the recipient's flags.
 */
export function checkRouting(input: RoutingInput): RuleViolation | null {
  const { recipient, service, serviceCode, engagementNumber } = input;
  if (!recipient) return { error: InvoicingErrors.RECIPIENT_NOT_FOUND, field: 'recipientStructureId' };
  if (recipient.structureType !== 'PUBLIQUE') return { error: InvoicingErrors.RECIPIENT_NOT_PUBLIC, field: 'recipientStructureId' };
  if (!recipient.active) return { error: InvoicingErrors.RECIPIENT_INACTIVE, field: 'recipientStructureId' };
  const hasCode = !blank(serviceCode);
  const hasEngagement = !blank(engagementNumber);
  if (hasCode) {
    if (!service) return { error: InvoicingErrors.SERVICE_NOT_FOUND, field: 'recipientServiceCode', params: { serviceCode } };
    if (!service.active) return { error: InvoicingErrors.SERVICE_INACTIVE, field: 'recipientServiceCode', params: { serviceCode } };
  }
  const rules = recipient.rules;
  if (rules.serviceCodeRequired && !hasCode) return { error: InvoicingErrors.SERVICE_CODE_REQUIRED, field: 'recipientServiceCode' };
  if (rules.engagementRequired && !hasEngagement) return { error: InvoicingErrors.ENGAGEMENT_REQUIRED, field: 'engagementNumber' };
  if (rules.serviceCodeOrEngagementRequired && !hasCode && !hasEngagement) {
    return { error: InvoicingErrors.SERVICE_CODE_OR_ENGAGEMENT_REQUIRED, field: 'recipientServiceCode' };
  }
  if (service?.engagementRequired && !hasEngagement) {
    return { error: InvoicingErrors.SERVICE_ENGAGEMENT_REQUIRED, field: 'engagementNumber', params: { serviceCode } };
  }
  return null;
}

/**
 * Whether the engagement number an invoice carries is checked against the recipient's engagements
 * (docs/engagements.md): when the recipient requires one (its parameter, or its service's flag), or
 * accepts "a service code or an engagement" and the engagement is given.
 */
export function engagementChecked(input: Pick<RoutingInput, 'recipient' | 'service' | 'engagementNumber'>): boolean {
  if (!input.recipient || blank(input.engagementNumber)) return false;
  const rules = input.recipient.rules;
  return rules.engagementRequired || rules.serviceCodeOrEngagementRequired || (input.service?.engagementRequired ?? false);
}

export interface ValidatorRuleInput {
  readonly billingFramework: string;
  readonly supplierStructureId: string;
  readonly recipientStructureId: string;
  readonly validatorStructureId: string | null;
  /** The structure `validatorStructureId` names (null when none or unknown). */
  readonly validator: StructureSummary | null;
}

/**
 * Validation circuits (A9 subcontractor, A12 co-contractor): the invoice names a validating structure, an
 * active one other than both parties; the other frameworks name none (a validator there would be ignored
 * by routing, so it is refused rather than silently dropped).
 */
export function checkValidator(input: ValidatorRuleInput): RuleViolation | null {
  const framework = findBillingFramework(input.billingFramework);
  const field = 'validatorStructureId';
  const params = { billingFramework: input.billingFramework };
  if (!framework || !hasValidationCircuit(framework)) {
    return input.validatorStructureId ? { error: InvoicingErrors.VALIDATOR_NOT_EXPECTED, field, params } : null;
  }
  if (!input.validatorStructureId) return { error: InvoicingErrors.VALIDATOR_REQUIRED, field, params };
  if (!input.validator) return { error: InvoicingErrors.VALIDATOR_NOT_FOUND, field };
  if (!input.validator.active) return { error: InvoicingErrors.VALIDATOR_INACTIVE, field };
  if (input.validator.id === input.supplierStructureId || input.validator.id === input.recipientStructureId) {
    return { error: InvoicingErrors.VALIDATOR_IS_SUPPLIER, field };
  }
  return null;
}

export interface BankAccountRuleInput {
  readonly supplierStructureId: string;
  readonly bankAccountId: string | null;
  /** The account with that id, wherever it belongs (null when unknown). */
  readonly account: BankAccountSummary | null;
}

/** A chosen bank account must be an active account of the supplier structure (none chosen: nothing to check). */
export function checkBankAccount(input: BankAccountRuleInput): RuleViolation | null {
  if (blank(input.bankAccountId)) return null;
  if (!input.account || input.account.id !== input.bankAccountId || input.account.structureId !== input.supplierStructureId) {
    return { error: InvoicingErrors.BANK_ACCOUNT_NOT_OF_SUPPLIER, field: 'bankAccountId' };
  }
  if (!input.account.active) return { error: InvoicingErrors.BANK_ACCOUNT_INACTIVE, field: 'bankAccountId' };
  return null;
}

export interface ContentInput {
  readonly number: string | null;
  readonly invoiceDate: string | null;
  readonly type: string;
  readonly billingFramework: string;
  readonly depositMode: string;
  readonly totalExclTax: string | null;
  readonly totalVat: string | null;
  readonly totalInclTax: string | null;
  readonly amountDue: string | null;
  readonly vatBreakdown: readonly { rate: string; taxableAmount: string; vatAmount: string }[];
  readonly lines?: readonly { quantity: string; unitPrice: string; priceBaseQuantity?: string; amountExclTax: string }[];
  readonly hasMainFile: boolean;
}

/** Rules on the invoice's own content: required fields, framework, totals, main file for PDF deposits. */
export function checkContent(input: ContentInput): RuleViolation | null {
  for (const field of ['number', 'invoiceDate', 'totalExclTax', 'totalVat', 'totalInclTax', 'amountDue'] as const) {
    if (blank(input[field])) return { error: InvoicingErrors.FIELD_REQUIRED, field, params: { field } };
  }
  const framework = findBillingFramework(input.billingFramework);
  if (!framework || !framework.supported) {
    return { error: InvoicingErrors.BILLING_FRAMEWORK_UNSUPPORTED, field: 'billingFramework', params: { billingFramework: input.billingFramework } };
  }
  const issues = checkTotals({
    invoiceType: input.type === 'AVOIR' ? 'AVOIR' : 'FACTURE',
    totalExclTax: input.totalExclTax!,
    totalVat: input.totalVat!,
    totalInclTax: input.totalInclTax!,
    amountDue: input.amountDue!,
    vatBreakdown: input.vatBreakdown,
    lines: input.lines,
    // A deposited document was checked against EN 16931's calculation rules on its whole model when read.
    entry: input.depositMode === 'DEPOT_FLUX' ? 'DOCUMENT' : 'MANUAL',
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    return { error: InvoicingErrors.TOTALS_INCONSISTENT, field: first.field, params: { rule: first.rule, detail: first.messageFr, detailEn: first.message }, issues };
  }
  if (input.depositMode.startsWith('DEPOT_PDF') && !input.hasMainFile) return { error: InvoicingErrors.MAIN_FILE_REQUIRED, field: 'files' };
  return null;
}

/** The year the number is unique in: the year of the invoice date (YYYY-MM-DD). */
export const invoiceYearOf = (invoiceDate: string): number => Number(invoiceDate.slice(0, 4));

export const MAX_INVOICE_FILE_BYTES = 10 * 1024 * 1024;
/** A main invoice file is a PDF by its magic bytes: the one check every context uses. */
export { isPdf } from '../../../shared/files/media-type';
