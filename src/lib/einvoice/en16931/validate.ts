import type { Finding } from '../report';
import { parseXmlSafely, type XmlElement } from '../safe-xml';
import { readCii, readUbl } from './document';
import { findingOf, type En16931Syntax } from './findings';
import { checkCodeLists } from './code-list-rules';
import { checkEn16931 } from './rules';
import { checkSyntaxRules } from './syntax-rules-check';
import { CII_TEXTS, UBL_TEXTS } from './rule-texts';

/**
 * The product's EN 16931 validator: the native rules (`rules.ts`, `code-list-rules.ts`, the syntax rules of
 * `syntax-rules-check.ts`) on one invoice, as findings of stage
 * `en16931` (severity `error` for the artefacts' fatal rules, `warning` for their warnings). Pure and
 * synchronous; about 2 ms of CPU for the rules (0.7 ms of it the syntax rules) on a 50 kB, 100-line UBL invoice,
 * 6–7 ms with the XML parsing (docs/benchmarks/archive-2026.md). A Factur-X is validated through its CII.
 *
 * Throws XmlSafetyError when the XML cannot be read (the file stage reports that, not this one).
 */
export function validateEn16931(xml: Buffer | string, syntax: En16931Syntax): Finding[] {
  return validateEn16931Tree(parseXmlSafely(xml).root, syntax);
}

/** The same on a tree already parsed by `parseXmlSafely` (the flow reader's), to parse once. */
export function validateEn16931Tree(root: XmlElement, syntax: En16931Syntax): Finding[] {
  const view = syntax === 'UBL' ? readUbl(root) : readCii(root);
  const texts = syntax === 'CII' ? { ...UBL_TEXTS, ...CII_TEXTS } : UBL_TEXTS;
  const codeLists = checkCodeLists(root, syntax).map(({ rule, location, value }) =>
    findingOf({ rule, flag: texts[rule]?.flag ?? 'fatal', location, text: texts[rule]?.en ?? `[${rule}]`, values: { code: value } }),
  );
  return [...checkEn16931(view).map(findingOf), ...codeLists, ...checkSyntaxRules(root, syntax).map(findingOf)];
}
