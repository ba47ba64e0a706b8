/**
 * The validation report: one shape for every stage a document goes through, so an ERP reads the same
 * fields whether its file was unreadable, broke an EN 16931 rule, a platform rule, duplicated an invoice
 * number or was refused by its recipient's rules.
 */

/** Where in the processing the finding was made. */
export type FindingStage = 'file' | 'en16931' | 'platform' | 'duplicate' | 'recipient';

/**
 * `fatal`: processing could not go on (unreadable file); `error`: the document is refused;
 * `warning`: accepted, but the sender should fix it; `information`: for the record.
 */
export type FindingSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface Finding {
  /** The rule's own id: `BR-CO-15`, `BR-S-08`, `BR-FR-…` (French rules), `LIASSE-…` (ours). */
  rule: string;
  stage: FindingStage;
  severity: FindingSeverity;
  /** XPath of the element concerned, with the conventional prefixes (cbc:, cac:, rsm:, ram:). */
  location?: string;
  /** The EN 16931 business term or group concerned (`BT-112`, `BG-23`). */
  businessTerm?: string;
  message: { fr: string; en: string };
  /** The values the rule compared, by name (`expected`, `actual`, `BT-109`…), as written or computed. */
  values?: Record<string, string>;
  /**
   * The 2026 reform's lifecycle status and reason (MDT-113) the refusal amounts to, when the reform names one:
   * a duplicate invoice number is `{ status: 213, reason: 'DOUBLON' }` (Rejetée, facture en doublon).
   */
  reform?: { status: number; reason: string };
}

export interface ValidationReport {
  /** True only when processing completed and no finding is `fatal` or `error`. */
  valid: boolean;
  /** What the document was read as (UBL, CII, FACTURX…), when it could be read. */
  syntax?: string;
  findings: Finding[];
}

const REFUSING: ReadonlySet<FindingSeverity> = new Set(['fatal', 'error']);

export const isRefusing = (finding: Finding): boolean => REFUSING.has(finding.severity);

/**
 * A report from its findings. `completed` is false when processing stopped before every stage ran:
 * such a report is never valid, whatever it found so far.
 */
export function reportOf(findings: Finding[], options: { syntax?: string; completed: boolean }): ValidationReport {
  const valid = options.completed && !findings.some(isRefusing);
  return options.syntax === undefined ? { valid, findings } : { valid, syntax: options.syntax, findings };
}
