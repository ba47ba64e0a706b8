import {
  absolute,
  AMOUNT_SCALE,
  applyRate,
  DecimalInput,
  divideRoundHalfUp,
  formatAmount,
  formatDecimal,
  multiplyByQuantity,
  parseAmount,
  parseDecimal,
  parseRate,
  QUANTITY_SCALE,
  RATE_SCALE,
  sumAmounts,
  UNIT_PRICE_SCALE,
} from '../../../shared/domain/money';

/**
 * The invoice totals rules of invoicing (moved from the shared kernel): what an invoice's own amounts
 * must satisfy before it is submitted.
 *
 * Two entries, two sets of rules:
 * - `MANUAL` (portal entry, factures/v1/soumettre SAISIE_API / DEPOT_PDF_API): the portal's model has no
 *   document-level allowances or charges, so its stricter rules hold: each line's net amount is quantity
 *   × unit price (± 0.01, the portal's own rule, not EN 16931's), the lines add up to the total without
 *   VAT, the bases to the total without VAT, each rate's VAT is base × rate (± 0.01), and the amount
 *   due does not exceed the total with VAT.
 * - `DOCUMENT` (a deposited UBL / CII / Factur-X document, DEPOT_FLUX): the document was checked against
 *   EN 16931's own calculation rules on its whole model (src/lib/einvoice/calculation-rules.ts: BR-CO-10
 *   to BR-CO-17 with allowances, charges, prepaid and rounding amounts). The stored invoice is a
 *   projection without those, so only what holds on the projection is checked again: readable amounts,
 *   the platform's sign rule, BR-CO-14 (Σ VAT = total VAT) and BR-CO-15 (total with VAT = without + VAT).
 *
 * Every issue names its rule (`BR-CO-15`, or `LIASSE-…` for the platform's own) and has French and English
 * text.
 */

export type TotalsEntry = 'MANUAL' | 'DOCUMENT';

export type TotalsInvoiceType = 'FACTURE' | 'AVOIR';

export interface VatBreakdownLineInput {
  readonly rate: DecimalInput;
  readonly taxableAmount: DecimalInput;
  readonly vatAmount: DecimalInput;
}

export interface TotalsInput {
  /** Default FACTURE. On the platform a credit note (AVOIR) carries positive amounts too. */
  readonly invoiceType?: TotalsInvoiceType;
  readonly totalExclTax: DecimalInput;
  readonly totalVat: DecimalInput;
  readonly totalInclTax: DecimalInput;
  readonly amountDue: DecimalInput;
  readonly vatBreakdown?: readonly VatBreakdownLineInput[];
  /** Invoice lines: when given, each line's net amount and their sum are checked too. */
  readonly lines?: readonly InvoiceLineInput[];
  /** Default MANUAL (the stricter rules); DOCUMENT for deposited EN 16931 documents. */
  readonly entry?: TotalsEntry;
}

export interface InvoiceLineInput {
  readonly quantity: DecimalInput;
  readonly unitPrice: DecimalInput;
  /** The unit price is for this many units (BT-149); absent: 1. */
  readonly priceBaseQuantity?: DecimalInput;
  /** The line's net amount (HT). */
  readonly amountExclTax: DecimalInput;
}

export const TOTALS_ISSUE_CODES = [
  'INVALID_AMOUNT',
  'NEGATIVE_AMOUNT',
  'INVALID_RATE',
  'TOTAL_INCL_TAX_MISMATCH',
  'BREAKDOWN_BASE_MISMATCH',
  'BREAKDOWN_VAT_MISMATCH',
  'LINE_VAT_MISMATCH',
  'AMOUNT_DUE_EXCEEDS_TOTAL',
  'LINE_AMOUNT_MISMATCH',
  'LINES_TOTAL_MISMATCH',
] as const;
export type TotalsIssueCode = (typeof TOTALS_ISSUE_CODES)[number];

/** The rule each issue code stands for: EN 16931's id where it is EN 16931's rule, else the platform's. */
export const RULE_OF_ISSUE: Readonly<Record<TotalsIssueCode, string>> = {
  INVALID_AMOUNT: 'LIASSE-AMOUNT-FORMAT',
  NEGATIVE_AMOUNT: 'LIASSE-NEGATIVE-TOTAL',
  INVALID_RATE: 'LIASSE-RATE-FORMAT',
  TOTAL_INCL_TAX_MISMATCH: 'BR-CO-15',
  BREAKDOWN_BASE_MISMATCH: 'LIASSE-BASES-TOTAL',
  BREAKDOWN_VAT_MISMATCH: 'BR-CO-14',
  LINE_VAT_MISMATCH: 'BR-CO-17',
  AMOUNT_DUE_EXCEEDS_TOTAL: 'LIASSE-AMOUNT-DUE',
  LINE_AMOUNT_MISMATCH: 'LIASSE-LINE-AMOUNT',
  LINES_TOTAL_MISMATCH: 'BR-CO-13',
};

export interface TotalsIssue {
  /** Path in our domain names: 'totalInclTax', 'vatBreakdown[1].vatAmount'; the API layer renames. */
  readonly field: string;
  readonly code: TotalsIssueCode;
  /** RULE_OF_ISSUE[code]. */
  readonly rule: string;
  /** English text. */
  readonly message: string;
  readonly messageFr: string;
  /** Fixed 2-decimal text (4 for rates) of what was expected / received, when meaningful. */
  readonly expected?: string;
  readonly actual?: string;
}

/** Tolerance on each breakdown line's VAT: one cent, for senders that round per invoice line. */
export const LINE_VAT_TOLERANCE_CENTS = 1n;
/** Tolerance on each invoice line's net amount against quantity × unit price: one cent. */
export const LINE_AMOUNT_TOLERANCE_CENTS = 1n;

type TotalField = 'totalExclTax' | 'totalVat' | 'totalInclTax' | 'amountDue';
const TOTAL_FIELDS: readonly TotalField[] = ['totalExclTax', 'totalVat', 'totalInclTax', 'amountDue'];

type IssueInput = Omit<TotalsIssue, 'rule'>;

const issue = (input: IssueInput): TotalsIssue => ({ ...input, rule: RULE_OF_ISSUE[input.code] });

function readAmount(
  input: DecimalInput,
  field: string,
  issues: TotalsIssue[],
  signRule: 'ANY' | TotalsInvoiceType,
): bigint | undefined {
  const parsed = parseAmount(input);
  if (!parsed.ok) {
    issues.push(
      issue({
        field,
        code: 'INVALID_AMOUNT',
        message: `${field}: ${parsed.message}`,
        messageFr: `${field} : montant illisible (« ${String(input)} » ; un nombre décimal à ${AMOUNT_SCALE} décimales au plus est attendu)`,
      }),
    );
    return undefined;
  }
  if (signRule !== 'ANY' && parsed.value < 0n) {
    const avoir = signRule === 'AVOIR';
    issues.push(
      issue({
        field,
        code: 'NEGATIVE_AMOUNT',
        message: `${field} must not be negative (${avoir ? 'a credit note carries positive amounts, its type gives the sign' : 'to credit, issue an AVOIR with positive amounts'})`,
        messageFr: `${field} ne peut pas être négatif (${avoir ? 'un avoir porte des montants positifs, son type donne le sens' : 'pour créditer, émettez un avoir aux montants positifs'})`,
        actual: formatAmount(parsed.value),
      }),
    );
    return undefined;
  }
  return parsed.value;
}

interface ParsedBreakdown {
  readonly rate?: bigint;
  readonly taxableAmount?: bigint;
  readonly vatAmount?: bigint;
}

const HUNDRED_PERCENT = 100n * 10n ** BigInt(RATE_SCALE);

function readBreakdownLine(line: VatBreakdownLineInput, index: number, issues: TotalsIssue[]): ParsedBreakdown {
  const prefix = `vatBreakdown[${index}]`;
  const rate = parseRate(line.rate);
  let rateValue: bigint | undefined;
  if (!rate.ok || rate.value > HUNDRED_PERCENT) {
    issues.push(
      issue({
        field: `${prefix}.rate`,
        code: 'INVALID_RATE',
        message: `${prefix}.rate must be a percentage between 0 and 100 with at most ${RATE_SCALE} decimals`,
        messageFr: `${prefix}.rate doit être un pourcentage entre 0 et 100 à ${RATE_SCALE} décimales au plus`,
      }),
    );
  } else {
    rateValue = rate.value;
  }
  // Breakdown lines are not sign-checked: a per-rate discount may exceed that rate's base.
  const taxableAmount = readAmount(line.taxableAmount, `${prefix}.taxableAmount`, issues, 'ANY');
  const vatAmount = readAmount(line.vatAmount, `${prefix}.vatAmount`, issues, 'ANY');
  return { rate: rateValue, taxableAmount, vatAmount };
}

const allDefined = (values: readonly (bigint | undefined)[]): values is bigint[] => values.every((value) => value !== undefined);

/** BR-CO-17 with the portal's tolerance (± 0.01 per rate): manual entry only. */
function checkBreakdownVat(breakdown: readonly ParsedBreakdown[], issues: TotalsIssue[]): void {
  breakdown.forEach((line, index) => {
    if (line.rate === undefined || line.taxableAmount === undefined || line.vatAmount === undefined) return;
    const expected = applyRate(line.taxableAmount, line.rate);
    if (absolute(line.vatAmount - expected) > LINE_VAT_TOLERANCE_CENTS) {
      const computation = `${formatAmount(line.taxableAmount)} × ${formatDecimal(line.rate, RATE_SCALE)} %`;
      issues.push(
        issue({
          field: `vatBreakdown[${index}].vatAmount`,
          code: 'LINE_VAT_MISMATCH',
          message: `vatBreakdown[${index}].vatAmount should be ${formatAmount(expected)} (${computation}), got ${formatAmount(line.vatAmount)}`,
          messageFr: `vatBreakdown[${index}].vatAmount devrait valoir ${formatAmount(expected)} (${computation}), reçu ${formatAmount(line.vatAmount)}`,
          expected: formatAmount(expected),
          actual: formatAmount(line.vatAmount),
        }),
      );
    }
  });
}

/**
 * Σ of one breakdown column = a header total, exactly; `what` names the column in the messages. One check
 * for both columns (bases against the total without VAT, VAT amounts against the total VAT).
 */
function checkBreakdownSum(
  values: readonly (bigint | undefined)[],
  total: bigint | undefined,
  column: { field: 'totalExclTax' | 'totalVat'; code: 'BREAKDOWN_BASE_MISMATCH' | 'BREAKDOWN_VAT_MISMATCH'; what: string; whatFr: string },
  issues: TotalsIssue[],
): void {
  if (total === undefined || !allDefined(values)) return;
  const sum = sumAmounts(values);
  if (sum === total) return;
  issues.push(
    issue({
      field: column.field,
      code: column.code,
      message: `sum of vatBreakdown ${column.what} (${formatAmount(sum)}) differs from ${column.field} (${formatAmount(total)})`,
      messageFr: `la somme des ${column.whatFr} (${formatAmount(sum)}) diffère de ${column.field} (${formatAmount(total)})`,
      expected: formatAmount(sum),
      actual: formatAmount(total),
    }),
  );
}

/** Σ bases = total without VAT: manual entry only (a document's allowances and charges are per category). */
function checkBreakdownBases(breakdown: readonly ParsedBreakdown[], totalExclTax: bigint | undefined, issues: TotalsIssue[]): void {
  const what = { field: 'totalExclTax', code: 'BREAKDOWN_BASE_MISMATCH', what: 'taxable amounts', whatFr: 'bases de la ventilation de TVA' } as const;
  checkBreakdownSum(breakdown.map((line) => line.taxableAmount), totalExclTax, what, issues);
}

/** BR-CO-14: Σ VAT of the breakdown = total VAT, exactly. */
function checkBreakdownVatTotal(breakdown: readonly ParsedBreakdown[], totalVat: bigint | undefined, issues: TotalsIssue[]): void {
  const what = { field: 'totalVat', code: 'BREAKDOWN_VAT_MISMATCH', what: 'VAT amounts', whatFr: 'montants de TVA de la ventilation' } as const;
  checkBreakdownSum(breakdown.map((line) => line.vatAmount), totalVat, what, issues);
}

function readLineFactor(input: DecimalInput, field: string, scale: number, issues: TotalsIssue[]): bigint | undefined {
  const parsed = parseDecimal(input, scale);
  if (!parsed.ok) {
    issues.push(
      issue({
        field,
        code: 'INVALID_AMOUNT',
        message: `${field}: ${parsed.message}`,
        messageFr: `${field} : valeur illisible (« ${String(input)} » ; un nombre décimal à ${scale} décimales au plus est attendu)`,
      }),
    );
    return undefined;
  }
  return parsed.value;
}

/** 1 at QUANTITY_SCALE. */
const ONE = 10n ** BigInt(QUANTITY_SCALE);

const trimZeros = (text: string): string => text.replace(/\.?0+$/, '');

/** The portal's own line rule: amountExclTax = quantity × unitPrice half-up to the cent (± 0.01); Σ = totalExclTax (BR-CO-10/13 without allowances). */
function checkLines(lines: readonly InvoiceLineInput[], totalExclTax: bigint | undefined, issues: TotalsIssue[]): void {
  const amounts = lines.map((line, index) => {
    const prefix = `lines[${index}]`;
    const quantity = readLineFactor(line.quantity, `${prefix}.quantity`, QUANTITY_SCALE, issues);
    const unitPrice = readLineFactor(line.unitPrice, `${prefix}.unitPrice`, UNIT_PRICE_SCALE, issues);
    const baseQuantity = line.priceBaseQuantity === undefined ? ONE : readLineFactor(line.priceBaseQuantity, `${prefix}.priceBaseQuantity`, QUANTITY_SCALE, issues);
    // Lines are not sign-checked: a discount line may be negative.
    const amount = readAmount(line.amountExclTax, `${prefix}.amountExclTax`, issues, 'ANY');
    if (quantity !== undefined && unitPrice !== undefined && baseQuantity !== undefined && baseQuantity > 0n && amount !== undefined) {
      // quantity × (price / base quantity), rounded once, to the cent.
      const expected = baseQuantity === ONE ? multiplyByQuantity(unitPrice, quantity) : divideRoundHalfUp(quantity * unitPrice, baseQuantity * 10n ** BigInt(UNIT_PRICE_SCALE - AMOUNT_SCALE));
      if (absolute(amount - expected) > LINE_AMOUNT_TOLERANCE_CENTS) {
        const per = baseQuantity === ONE ? '' : ` / ${trimZeros(formatDecimal(baseQuantity, QUANTITY_SCALE))}`;
        const computation = `${trimZeros(formatDecimal(quantity, QUANTITY_SCALE))} × ${trimZeros(formatDecimal(unitPrice, UNIT_PRICE_SCALE))}${per}`;
        issues.push(
          issue({
            field: `${prefix}.amountExclTax`,
            code: 'LINE_AMOUNT_MISMATCH',
            message: `${prefix}.amountExclTax should be ${formatAmount(expected)} (${computation}), got ${formatAmount(amount)}`,
            messageFr: `${prefix}.amountExclTax devrait valoir ${formatAmount(expected)} (${computation}), reçu ${formatAmount(amount)}`,
            expected: formatAmount(expected),
            actual: formatAmount(amount),
          }),
        );
      }
    }
    return amount;
  });
  if (totalExclTax === undefined || !allDefined(amounts)) return;
  const sum = sumAmounts(amounts);
  if (sum === totalExclTax) return;
  issues.push(
    issue({
      field: 'totalExclTax',
      code: 'LINES_TOTAL_MISMATCH',
      message: `sum of the lines' amountExclTax (${formatAmount(sum)}) differs from totalExclTax (${formatAmount(totalExclTax)})`,
      messageFr: `la somme des montants HT des lignes (${formatAmount(sum)}) diffère de totalExclTax (${formatAmount(totalExclTax)})`,
      expected: formatAmount(sum),
      actual: formatAmount(totalExclTax),
    }),
  );
}

/**
 * Checks the invoice totals and returns every inconsistency found (empty list = consistent).
 * Both entries:
 * - each total is a valid non-negative amount with at most 2 decimals (FACTURE and AVOIR alike);
 * - BR-CO-15: totalInclTax = totalExclTax + totalVat, exactly;
 * - BR-CO-14, with a breakdown: Σ vatAmount = totalVat, exactly.
 * MANUAL only (the portal's stricter rules, see the file's comment):
 * - with a breakdown: Σ taxableAmount = totalExclTax; each rate's vatAmount = taxableAmount × rate / 100
 *   rounded half-up to the cent, ± 0.01;
 * - amountDue ≤ totalInclTax (less is fine: prepayments); more is refused, for an AVOIR too;
 * - with lines: each line's amountExclTax = quantity × unitPrice rounded half-up to the cent, ± 0.01, and
 *   Σ amountExclTax = totalExclTax, exactly.
 */
export function checkTotals(input: TotalsInput): TotalsIssue[] {
  const issues: TotalsIssue[] = [];
  const manual = (input.entry ?? 'MANUAL') === 'MANUAL';
  const totals: Partial<Record<TotalField, bigint>> = {};
  for (const field of TOTAL_FIELDS) {
    totals[field] = readAmount(input[field], field, issues, input.invoiceType ?? 'FACTURE');
  }
  const { totalExclTax, totalVat, totalInclTax, amountDue } = totals;

  if (totalExclTax !== undefined && totalVat !== undefined && totalInclTax !== undefined) {
    const expected = totalExclTax + totalVat;
    if (totalInclTax !== expected) {
      issues.push(
        issue({
          field: 'totalInclTax',
          code: 'TOTAL_INCL_TAX_MISMATCH',
          message: `totalInclTax should be totalExclTax + totalVat = ${formatAmount(expected)}, got ${formatAmount(totalInclTax)}`,
          messageFr: `totalInclTax devrait valoir totalExclTax + totalVat = ${formatAmount(expected)}, reçu ${formatAmount(totalInclTax)}`,
          expected: formatAmount(expected),
          actual: formatAmount(totalInclTax),
        }),
      );
    }
  }

  if (input.vatBreakdown && input.vatBreakdown.length > 0) {
    const breakdown = input.vatBreakdown.map((line, index) => readBreakdownLine(line, index, issues));
    if (manual) checkBreakdownVat(breakdown, issues);
    if (manual) checkBreakdownBases(breakdown, totalExclTax, issues);
    checkBreakdownVatTotal(breakdown, totalVat, issues);
  }

  if (!manual) return issues;

  if (input.lines && input.lines.length > 0) checkLines(input.lines, totalExclTax, issues);

  if (amountDue !== undefined && totalInclTax !== undefined && amountDue > totalInclTax) {
    issues.push(
      issue({
        field: 'amountDue',
        code: 'AMOUNT_DUE_EXCEEDS_TOTAL',
        message: `amountDue (${formatAmount(amountDue)}) exceeds totalInclTax (${formatAmount(totalInclTax)})`,
        messageFr: `amountDue (${formatAmount(amountDue)}) dépasse totalInclTax (${formatAmount(totalInclTax)})`,
        expected: `<= ${formatAmount(totalInclTax)}`,
        actual: formatAmount(amountDue),
      }),
    );
  }
  return issues;
}
