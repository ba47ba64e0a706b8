import type { XmlElement } from '../safe-xml';
import type { En16931Syntax, RuleFailure } from './findings';
import { CII_SYNTAX_RULES, UBL_SYNTAX_RULES, type SyntaxRule } from './syntax-rules';
import {
  compilePattern,
  compileXPath,
  qualifiedName,
  XDocument,
  XPathDynamicError,
  type CompiledXPath,
  type PrefixOf,
  type XNode,
} from './xpath';

/**
 * The syntax rules (UBL-SR/DT/CR, CII-SR/DT) natively: the artefacts' own contexts and tests
 * (`syntax-rules.ts`, generated from the Schematron), compiled once by the XPath subset of `xpath.ts` and
 * evaluated the way the compiled XSLT does: every node is tested by the first rule of the pattern whose context
 * matches it (so `//ram:TypeCode` hides the later `/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode`).
 *
 * Only the fatal asserts are there: the warnings (≈ 1,170, "… should not be present") are left out by the
 * generator (docs/invoices.md). An assert whose test or whose rule's context falls outside the subset is not native:
 * `UNSUPPORTED_SYNTAX_RULES` lists them (none today), and then every later rule of the pattern too, since the
 * nodes the unknown context would have taken are unknown.
 */

interface CompiledAssert {
  readonly id: string;
  readonly flag: 'fatal' | 'warning';
  readonly en: string;
  readonly test: CompiledXPath;
}

interface CompiledRule {
  readonly context: CompiledXPath;
  readonly asserts: readonly CompiledAssert[];
}

interface CompiledSyntax {
  readonly rules: readonly CompiledRule[];
  readonly native: ReadonlySet<string>;
  readonly unsupported: ReadonlyArray<{ id: string; reason: string }>;
}

function compileRules(rules: readonly SyntaxRule[]): CompiledSyntax {
  const compiled: CompiledRule[] = [];
  const unsupported: Array<{ id: string; reason: string }> = [];
  let blind: string | undefined;
  for (const rule of rules) {
    let context: CompiledXPath | undefined;
    try {
      context = blind === undefined ? compilePattern(rule.context) : undefined;
    } catch (error: unknown) {
      blind = `context ${rule.context}: ${(error as Error).message}`;
    }
    const asserts: CompiledAssert[] = [];
    for (const [id, flag, test, en] of rule.asserts) {
      if (context === undefined) {
        unsupported.push({ id, reason: blind ?? 'unknown context' });
        continue;
      }
      try {
        asserts.push({ id, flag, en, test: compileXPath(test) });
      } catch (error: unknown) {
        unsupported.push({ id, reason: `test ${test}: ${(error as Error).message}` });
      }
    }
    if (context !== undefined) compiled.push({ context, asserts });
  }
  // An id with one assert outside the subset is not native at all (its verdict would be partial).
  const excluded = new Set(unsupported.map((u) => u.id));
  const kept = compiled.map((rule) => ({ ...rule, asserts: rule.asserts.filter((a) => !excluded.has(a.id)) }));
  const native = new Set(kept.flatMap((rule) => rule.asserts.map((a) => a.id)));
  return { rules: kept, native, unsupported };
}

// Compiled at module load, once: ≈ 200 expressions, a few ms.
const COMPILED: Readonly<Record<En16931Syntax, CompiledSyntax>> = {
  UBL: compileRules(UBL_SYNTAX_RULES),
  CII: compileRules(CII_SYNTAX_RULES),
};

/** The syntax rule ids evaluated natively (both syntaxes). */
export const SYNTAX_RULES: readonly string[] = [...COMPILED.UBL.native, ...COMPILED.CII.native];

/** The fatal syntax asserts outside the XPath subset, with why (empty today; a new artefacts release may add some). */
export const UNSUPPORTED_SYNTAX_RULES: ReadonlyArray<{ syntax: En16931Syntax; id: string; reason: string }> = (['UBL', 'CII'] as const).flatMap(
  (syntax) => COMPILED[syntax].unsupported.map((u) => ({ syntax, ...u })),
);

// ---------------------------------------------------------------- prefixes

/** UBL: the root in the default namespace, aggregates (with children) cac:, leaves cbc:. */
const ublPrefixOf: PrefixOf = (element, parent) =>
  parent === undefined ? '' : element.name === 'UBLExtensions' ? 'ext' : element.children.length > 0 ? 'cac' : 'cbc';

/** CII: the root and its children rsm:, the date and indicator leaves udt: (qdt: under FormattedIssueDateTime), the rest ram:. */
const ciiPrefixOf: PrefixOf = (element, parent) => {
  if (parent === undefined || parent.parent?.kind === 'document') return 'rsm';
  if (element.name === 'DateTimeString') return parent.name === 'FormattedIssueDateTime' ? 'qdt' : 'udt';
  if (element.name === 'DateString' || element.name === 'Indicator' || element.name === 'IndicatorString') return 'udt';
  return 'ram';
};

/** The node's XPath with the conventional prefixes, `[n]` when it has same-named siblings. */
function locationOf(node: XNode): string {
  const steps: string[] = [];
  for (let current: XNode | undefined = node; current && current.kind !== 'document'; current = current.parent) {
    if (current.kind === 'attribute') {
      steps.push(`@${current.name}`);
      continue;
    }
    const same = current.parent ? current.parent.children.filter((sibling) => sibling.name === current!.name) : [current];
    steps.push(`${qualifiedName(current)}${same.length > 1 ? `[${same.indexOf(current) + 1}]` : ''}`);
  }
  return `/${steps.reverse().join('/')}`;
}

// ---------------------------------------------------------------- the check

/** The fatal syntax asserts the document fails, in document order (the artefacts' order). */
export function checkSyntaxRules(root: XmlElement, syntax: En16931Syntax): RuleFailure[] {
  const { rules } = COMPILED[syntax];
  const document = new XDocument(root, syntax === 'UBL' ? ublPrefixOf : ciiPrefixOf, syntax === 'CII');
  const tested = new Set<XNode>();
  const failed: Array<{ node: XNode; rank: number; failure: RuleFailure }> = [];
  let rank = 0;
  for (const rule of rules) {
    const nodes = rule.context.select(document, document.node);
    for (const node of nodes) {
      if (tested.has(node)) continue;
      tested.add(node);
      for (const assert of rule.asserts) {
        rank++;
        if (holds(assert, document, node)) continue;
        failed.push({ node, rank, failure: { rule: assert.id, flag: assert.flag, location: locationOf(node), text: assert.en } });
      }
    }
  }
  return failed.sort((a, b) => a.node.order - b.node.order || a.rank - b.rank).map((f) => f.failure);
}

/** A test the artefacts could not evaluate (a failed cast, several items for one) refuses too: they would not accept. */
function holds(assert: CompiledAssert, document: XDocument, node: XNode): boolean {
  try {
    return assert.test.test(document, node);
  } catch (error: unknown) {
    if (error instanceof XPathDynamicError) return false;
    throw error;
  }
}
