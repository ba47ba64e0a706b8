import type { Finding, FindingSeverity } from '../report';
import { frenchTextOf } from './messages';

/**
 * What both EN 16931 validators (the native rules and the official artefacts) produce, turned into the
 * report's `Finding`: one place decides severity, business term and texts, so their findings compare.
 */

export type En16931Syntax = 'UBL' | 'CII';

/** The artefacts' flags: `fatal` refuses the document, `warning` does not. */
export type RuleFlag = 'fatal' | 'warning' | 'information';

/**
 * The artefacts' `fatal` is a refusal of the document, which the report calls `error` (its own `fatal`
 * means processing could not go on at all).
 */
export function severityOfFlag(flag: string | undefined): FindingSeverity {
  if (flag === 'warning') return 'warning';
  if (flag === 'information') return 'information';
  return 'error';
}

const BUSINESS_TERM = /\((B[TG]-\d+)\)/;
const RULE_PREFIX = /^\s*\[[^\]]+\]\s*-?\s*/;

/** The first business term the rule's text names: `[BR-CO-15]-Invoice total amount with VAT (BT-112) = …` → BT-112. */
export function businessTermOf(text: string): string | undefined {
  return BUSINESS_TERM.exec(text)?.[1];
}

export interface RuleFailure {
  rule: string;
  flag: RuleFlag | string | undefined;
  location?: string;
  /** The rule's English text, as the artefacts word it (with or without its `[BR-xx]-` prefix). */
  text: string;
  values?: Record<string, string>;
}

export function findingOf(failure: RuleFailure): Finding {
  const en = failure.text.replace(/\s+/g, ' ').trim();
  const finding: Finding = {
    rule: failure.rule,
    stage: 'en16931',
    severity: severityOfFlag(failure.flag),
    message: { fr: frenchTextOf(failure.rule, en.replace(RULE_PREFIX, '')) ?? en.replace(RULE_PREFIX, ''), en: en.replace(RULE_PREFIX, '') },
  };
  if (failure.location !== undefined) finding.location = failure.location;
  const term = businessTermOf(en);
  if (term !== undefined) finding.businessTerm = term;
  if (failure.values !== undefined && Object.keys(failure.values).length > 0) finding.values = failure.values;
  return finding;
}
