import { fixtureNames, fixtureText } from '../__fixtures__/flow-fixtures';
import { mutationsFor } from '../__fixtures__/en16931-mutations';
import type { Finding } from '../report';
import { isRefusing } from '../report';
import { validateWithArtefacts } from '../../../../test/support/en16931-artefacts';
import type { En16931Syntax } from './findings';
import { NATIVE_RULES } from './rules';
import { validateEn16931 } from './validate';

/**
 * The native rules against the official artefacts (the oracle): every official sample is accepted by the
 * artefacts; every mutated one is refused by both with the rule it breaks; on all of them the rules both
 * implement fail on the same documents, and the verdict (refused or not) is the same whenever the artefacts
 * refuse only through rules the native validator implements.
 */

const SAMPLES: Array<[string, En16931Syntax]> = [
  ...fixtureNames('en16931/ubl').map((name): [string, En16931Syntax] => [name, 'UBL']),
  ...fixtureNames('en16931/cii').map((name): [string, En16931Syntax] => [name, 'CII']),
  ['facturx/factur-x-en16931.xml', 'CII'],
];

const ruleIds = (findings: Finding[]): string[] => [...new Set(findings.map((f) => f.rule))].sort();

/** [case, syntax, document, the rule the artefacts must name (mutations only)] */
type Case = [string, En16931Syntax, string, string | undefined];

const CASES: Case[] = SAMPLES.flatMap(([name, syntax]) => {
  const original = fixtureText(name);
  return [
    [name, syntax, original, undefined] as Case,
    ...mutationsFor(syntax).flatMap((mutation) => {
      const xml = mutation.apply(original);
      return xml === undefined ? [] : [[`${name} (${mutation.name})`, syntax, xml, mutation.expectedRule] as Case];
    }),
  ];
});

describe('native EN 16931 rules = the official artefacts', () => {
  it.each(CASES)('%s: same rules broken', (_name, syntax, xml, expectedRule) => {
    const oracle = validateWithArtefacts(xml, syntax);
    const native = validateEn16931(xml, syntax);
    if (expectedRule === undefined) expect(oracle.filter(isRefusing)).toEqual([]);
    else {
      // The mutation is refused by the artefacts with the rule it was written to break, and natively with the same.
      expect(oracle.find((f) => f.rule === expectedRule)).toMatchObject({ stage: 'en16931', severity: 'error' });
      expect(native.find((f) => f.rule === expectedRule)).toMatchObject({ stage: 'en16931', severity: 'error' });
    }
    expect(ruleIds(native)).toEqual(ruleIds(oracle.filter((f) => NATIVE_RULES.has(f.rule))));
    if (oracle.filter(isRefusing).every((f) => NATIVE_RULES.has(f.rule))) {
      expect(native.some(isRefusing)).toBe(oracle.some(isRefusing));
    }
  });
});
