import type { Finding, FindingStage } from '../../../lib/einvoice';
import { DomainError, FieldIssue } from '../../../shared/domain/domain-error';

/**
 * The one mapping from a refusal raised while integrating a document (a `DomainError` of the submission rules,
 * the routing rules, the number's uniqueness, a right…) to report findings. Whatever a rule adds to its error —
 * field issues with their codes and values (the totals checks) — comes out as findings here, so new rules flow
 * into the report without touching the flow processing.
 */

/** The syntax a document was read in, for XPath locations. */
export type DocumentSyntax = 'UBL' | 'CII';

/** The 2026 reform's answer to a duplicate: 213 Rejetée, reason DOUBLON (same number, same supplier, same year). */
export const DUPLICATE_REFORM = { status: 213, reason: 'DOUBLON' } as const;

interface ErrorRule {
  rule: string;
  stage: FindingStage;
  businessTerm?: string;
}

/** Refusals with a rule of their own; every other code gets `LIASSE-<reason>` (stable, since codes are). */
const ERROR_RULES: Readonly<Record<string, ErrorRule>> = {
  'INVOICING.DUPLICATE_NUMBER': { rule: 'LIASSE-DUPLICATE-NUMBER', stage: 'duplicate', businessTerm: 'BT-1' },
  'INVOICING.RECIPIENT_NOT_FOUND': { rule: 'LIASSE-RECIPIENT-NOT-FOUND', stage: 'recipient', businessTerm: 'BT-46' },
  'INVOICING.RECIPIENT_NOT_PUBLIC': { rule: 'LIASSE-RECIPIENT-NOT-PUBLIC', stage: 'recipient', businessTerm: 'BT-46' },
  'INVOICING.RECIPIENT_INACTIVE': { rule: 'LIASSE-RECIPIENT-INACTIVE', stage: 'recipient', businessTerm: 'BT-46' },
  'INVOICING.SERVICE_NOT_FOUND': { rule: 'LIASSE-SERVICE-NOT-FOUND', stage: 'recipient', businessTerm: 'BT-10' },
  'INVOICING.SERVICE_INACTIVE': { rule: 'LIASSE-SERVICE-INACTIVE', stage: 'recipient', businessTerm: 'BT-10' },
  'INVOICING.SERVICE_CODE_REQUIRED': { rule: 'LIASSE-SERVICE-CODE-REQUIRED', stage: 'recipient', businessTerm: 'BT-10' },
  'INVOICING.ENGAGEMENT_REQUIRED': { rule: 'LIASSE-ENGAGEMENT-REQUIRED', stage: 'recipient', businessTerm: 'BT-13' },
  'INVOICING.SERVICE_CODE_OR_ENGAGEMENT_REQUIRED': { rule: 'LIASSE-SERVICE-CODE-OR-ENGAGEMENT-REQUIRED', stage: 'recipient', businessTerm: 'BT-10' },
  'INVOICING.SERVICE_ENGAGEMENT_REQUIRED': { rule: 'LIASSE-SERVICE-ENGAGEMENT-REQUIRED', stage: 'recipient', businessTerm: 'BT-13' },
  // The engagement the invoice names, checked against the recipient's engagements (docs/engagements.md).
  'ENGAGEMENTS.UNKNOWN_FOR_SUPPLIER': { rule: 'LIASSE-ENGAGEMENT-UNKNOWN', stage: 'recipient', businessTerm: 'BT-13' },
  'ENGAGEMENTS.NOT_ACTIVE': { rule: 'LIASSE-ENGAGEMENT-NOT-ACTIVE', stage: 'recipient', businessTerm: 'BT-13' },
  'ENGAGEMENTS.CURRENCY_MISMATCH': { rule: 'LIASSE-ENGAGEMENT-CURRENCY', stage: 'recipient', businessTerm: 'BT-13' },
  'ENGAGEMENTS.EXCEEDED': { rule: 'LIASSE-ENGAGEMENT-EXCEEDED', stage: 'recipient', businessTerm: 'BT-13' },
  'INVOICING.FLOW_SUPPLIER_MISMATCH': { rule: 'LIASSE-SUPPLIER-MISMATCH', stage: 'platform', businessTerm: 'BT-29' },
  'INVOICING.INVOICE_DATE_INVALID': { rule: 'LIASSE-INVOICE-DATE-INVALID', stage: 'platform', businessTerm: 'BT-2' },
  'INVOICING.INVOICE_DATE_OUT_OF_RANGE': { rule: 'LIASSE-INVOICE-DATE-OUT-OF-RANGE', stage: 'platform', businessTerm: 'BT-2' },
};

/** Totals issue codes (the entry rules' `TotalsIssueCode`s) → rule ids; EN 16931's where the check is its rule. */
const ISSUE_RULES: Readonly<Record<string, { rule: string; businessTerm?: string }>> = {
  TOTAL_INCL_TAX_MISMATCH: { rule: 'BR-CO-15', businessTerm: 'BT-112' },
  BREAKDOWN_VAT_MISMATCH: { rule: 'BR-CO-14', businessTerm: 'BT-110' },
  LINE_VAT_MISMATCH: { rule: 'BR-CO-17', businessTerm: 'BT-117' },
  BREAKDOWN_BASE_MISMATCH: { rule: 'LIASSE-TOTALS-BREAKDOWN-BASE', businessTerm: 'BT-109' },
  LINES_TOTAL_MISMATCH: { rule: 'LIASSE-TOTALS-LINES', businessTerm: 'BT-109' },
  LINE_AMOUNT_MISMATCH: { rule: 'LIASSE-LINE-AMOUNT', businessTerm: 'BT-131' },
  AMOUNT_DUE_EXCEEDS_TOTAL: { rule: 'LIASSE-AMOUNT-DUE-EXCEEDS-TOTAL', businessTerm: 'BT-115' },
  INVALID_AMOUNT: { rule: 'LIASSE-AMOUNT-INVALID' },
  NEGATIVE_AMOUNT: { rule: 'LIASSE-AMOUNT-NEGATIVE' },
  INVALID_RATE: { rule: 'LIASSE-RATE-INVALID', businessTerm: 'BT-119' },
};

/** French texts for the totals issues, whose own message is English only. */
const ISSUE_FR: Readonly<Record<string, (v: Record<string, string>) => string>> = {
  TOTAL_INCL_TAX_MISMATCH: (v) => `Le montant total TTC (BT-112) devrait être ${v.expected} (total HT + total TVA), il est de ${v.actual}.`,
  BREAKDOWN_VAT_MISMATCH: (v) => `Le total de TVA (BT-110) devrait être ${v.expected} (somme des montants de TVA par taux), il est de ${v.actual}.`,
  LINE_VAT_MISMATCH: (v) => `Le montant de TVA de la ligne de TVA ${v.field} devrait être ${v.expected} (base × taux), il est de ${v.actual}.`,
  BREAKDOWN_BASE_MISMATCH: (v) => `Le total HT (BT-109) est de ${v.actual} alors que la somme des bases par taux de TVA est de ${v.expected}.`,
  LINES_TOTAL_MISMATCH: (v) => `Le total HT (BT-109) est de ${v.actual} alors que la somme des montants nets des lignes est de ${v.expected}.`,
  LINE_AMOUNT_MISMATCH: (v) => `Le montant net de la ligne ${v.field} devrait être ${v.expected} (quantité × prix unitaire), il est de ${v.actual}.`,
  AMOUNT_DUE_EXCEEDS_TOTAL: (v) => `Le montant à payer (BT-115) ${v.actual} dépasse le montant total TTC (${v.expected}).`,
  INVALID_AMOUNT: (v) => `Montant invalide : ${v.field}.`,
  NEGATIVE_AMOUNT: (v) => `Le montant ${v.field} ne doit pas être négatif (un avoir porte des montants positifs).`,
  INVALID_RATE: (v) => `Taux de TVA invalide : ${v.field} (pourcentage entre 0 et 100 attendu).`,
};

const HEADER_XPATHS: Readonly<Record<DocumentSyntax, Readonly<Record<string, string>>>> = {
  UBL: {
    'BT-1': '/Invoice/cbc:ID',
    'BT-2': '/Invoice/cbc:IssueDate',
    'BT-10': '/Invoice/cbc:BuyerReference',
    'BT-13': '/Invoice/cac:OrderReference/cbc:ID',
    'BT-29': '/Invoice/cac:AccountingSupplierParty/cac:Party',
    'BT-46': '/Invoice/cac:AccountingCustomerParty/cac:Party',
    'BT-109': '/Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount',
    'BT-110': '/Invoice/cac:TaxTotal/cbc:TaxAmount',
    'BT-112': '/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount',
    'BT-115': '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount',
  },
  CII: {
    'BT-1': '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID',
    'BT-2': '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString',
    'BT-10': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference',
    'BT-13': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID',
    'BT-29': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty',
    'BT-46': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty',
    'BT-109': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxBasisTotalAmount',
    'BT-110': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount',
    'BT-112': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
    'BT-115': '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount',
  },
};

/** `lines[2].amountExclTax` / `vatBreakdown[0].vatAmount` → the element of that line (1-based in XPath). */
function indexedLocation(field: string | undefined, syntax: DocumentSyntax | undefined): string | undefined {
  if (!field || !syntax) return undefined;
  const match = /^(lines|vatBreakdown)\[(\d+)\]/.exec(field);
  if (!match) return undefined;
  const position = Number(match[2]) + 1;
  if (match[1] === 'lines') {
    return syntax === 'UBL'
      ? `/Invoice/cac:InvoiceLine[${position}]/cbc:LineExtensionAmount`
      : `/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[${position}]/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount`;
  }
  return syntax === 'UBL'
    ? `/Invoice/cac:TaxTotal/cac:TaxSubtotal[${position}]`
    : `/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax[${position}]`;
}

/** A finding's stage from its rule when the error does not say: EN 16931's own rules are the `en16931` stage. */
const stageOfRule = (rule: string, fallback: FindingStage): FindingStage => (/^BR-(?!FR-)/.test(rule) ? 'en16931' : fallback);

/** `INVOICING.SERVICE_NOT_FOUND` → `LIASSE-SERVICE-NOT-FOUND`; another context's code keeps its context. */
export function ruleOfCode(code: string): string {
  const [context, reason] = code.includes('.') ? code.split('.', 2) : ['', code];
  const name = context === 'INVOICING' || context === '' ? reason : `${context}_${reason}`;
  return `LIASSE-${name.replace(/_/g, '-')}`;
}

const textValues = (params: DomainError['params']): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
};

function findingOfIssue(issue: FieldIssue, syntax: DocumentSyntax | undefined): Finding {
  const known = ISSUE_RULES[issue.code];
  // The totals rules name their rule themselves (`issue.rule`); the table is for issues that do not.
  const rule = issue.rule ?? known?.rule ?? (/^(BR|LIASSE)-/.test(issue.code) ? issue.code : `LIASSE-TOTALS-${issue.code.replace(/_/g, '-')}`);
  const values: Record<string, string> = { field: issue.field, ...(issue.values ?? {}) };
  // The report's French text names the business terms (BT-112…) where the entry rules name fields.
  const fr = ISSUE_FR[issue.code] ? ISSUE_FR[issue.code](values) : issue.message.fr;
  const finding: Finding = { rule, stage: stageOfRule(rule, 'platform'), severity: 'error', message: { fr, en: issue.message.en }, values };
  const term = issue.businessTerm ?? known?.businessTerm;
  if (term) finding.businessTerm = term;
  const location = issue.location ?? indexedLocation(issue.field, syntax) ?? (term && syntax ? HEADER_XPATHS[syntax][term] : undefined);
  if (location) finding.location = location;
  return finding;
}

/**
 * The findings of a refusal: one per field issue of an inconsistent-totals refusal (each totals rule that
 * failed), else one for the error itself, with its rule, stage, business term, location and parameters.
 */
export function findingsOfDomainError(error: DomainError, syntax?: DocumentSyntax): Finding[] {
  const known = ERROR_RULES[error.code];
  const rule = known?.rule ?? ruleOfCode(error.code);
  const values = { code: error.code, ...textValues(error.params) };
  if (error.issues.length > 0 && error.code === 'INVOICING.TOTALS_INCONSISTENT') {
    return error.issues.map((issue) => findingOfIssue(issue, syntax));
  }
  const finding: Finding = {
    rule,
    stage: known?.stage ?? 'platform',
    severity: 'error',
    message: { fr: error.localized('fr'), en: error.localized('en') },
    values,
  };
  const term = known?.businessTerm;
  if (term) finding.businessTerm = term;
  const location = term && syntax ? HEADER_XPATHS[syntax][term] : undefined;
  if (location) finding.location = location;
  if (error.code === 'INVOICING.DUPLICATE_NUMBER') finding.reform = { ...DUPLICATE_REFORM };
  return [finding];
}

/** A document whose integration failed for a reason that is not a rule (a bug, the database): never "valid". */
export function technicalFinding(): Finding {
  return {
    rule: 'LIASSE-TECHNICAL-ERROR',
    stage: 'platform',
    severity: 'fatal',
    message: {
      fr: 'Erreur technique lors de l’intégration de cette facture ; elle n’a pas été intégrée. Déposez-la de nouveau ou contactez le support.',
      en: 'Technical error while integrating this invoice; it was not integrated. Deposit it again or contact support.',
    },
  };
}
