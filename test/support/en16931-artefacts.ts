import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingOf, type En16931Syntax } from '../../src/lib/einvoice/en16931/findings';
import type { Finding } from '../../src/lib/einvoice/report';
import { decodeXmlBytes, parseXmlSafely, type XmlElement } from '../../src/lib/einvoice/safe-xml';

/**
 * The official EN 16931 validation artefacts (Schematron compiled to XSLT, then to SaxonJS SEF:
 * src/lib/einvoice/en16931/artefacts/README.md) evaluated on one invoice, their SVRL answer mapped onto `Finding`s.
 *
 * This is the TEST ORACLE, not the product's validator: a warm evaluation costs 30–425 ms of CPU per
 * document (docs/benchmarks.md), several times the whole per-flow budget. The product runs
 * src/lib/einvoice/en16931 (`validateEn16931`), and `native-vs-artefacts.spec.ts` there checks that both
 * agree. It lives under test/ because saxon-js is a devDependency (not in the production image).
 */

interface SaxonJsApi {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
}

const ARTEFACTS = join(__dirname, '..', '..', 'src', 'lib', 'einvoice', 'en16931', 'artefacts');
const SEF_FILES: Record<En16931Syntax, string> = {
  UBL: 'EN16931-UBL-validation.sef.json',
  CII: 'EN16931-CII-validation.sef.json',
};
const stylesheets = new Map<En16931Syntax, unknown>();
let saxon: SaxonJsApi | undefined;

function stylesheet(syntax: En16931Syntax): unknown {
  let sef = stylesheets.get(syntax);
  if (sef === undefined) {
    sef = JSON.parse(readFileSync(join(ARTEFACTS, SEF_FILES[syntax]), 'utf8')) as unknown;
    stylesheets.set(syntax, sef);
  }
  return sef;
}

function saxonJs(): SaxonJsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, once
  saxon ??= require('saxon-js') as SaxonJsApi;
  return saxon;
}

/** The SVRL report of the artefacts for one document (UBL Invoice/CreditNote or CII; a Factur-X's CII). */
export function runArtefacts(xml: Buffer | string, syntax: En16931Syntax): string {
  const sourceText = typeof xml === 'string' ? xml : decodeXmlBytes(xml);
  return saxonJs().transform(
    { stylesheetInternal: stylesheet(syntax), sourceText, destination: 'serialized' },
    'sync',
  ).principalResult;
}

/** Every failed assert and successful report of the artefacts, as findings (stage `en16931`). */
export function validateWithArtefacts(xml: Buffer | string, syntax: En16931Syntax): Finding[] {
  return findingsOfSvrl(runArtefacts(xml, syntax));
}

export function findingsOfSvrl(svrl: string): Finding[] {
  const findings: Finding[] = [];
  const visit = (element: XmlElement): void => {
    if (element.name === 'failed-assert' || element.name === 'successful-report') {
      const text = element.children.find((child) => child.name === 'text')?.text ?? '';
      findings.push(
        findingOf({
          rule: element.attributes.id ?? 'UNKNOWN',
          flag: element.attributes.flag,
          location: conventionalXPath(element.attributes.location ?? ''),
          text,
        }),
      );
      return;
    }
    element.children.forEach(visit);
  };
  visit(parseXmlSafely(svrl).root);
  return findings;
}

const PREFIXES: Record<string, string> = {
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2': '',
  'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2': '',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2': 'cac:',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2': 'cbc:',
  'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100': 'rsm:',
  'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100': 'ram:',
  'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100': 'udt:',
  'urn:un:unece:uncefact:data:standard:QualifiedDataType:100': 'qdt:',
};

const STEP = /\*:([\w.-]+)\[namespace-uri\(\)='([^']*)'\](?:\[(\d+)\])?/g;

/**
 * The artefacts locate nodes as `/*:Invoice[namespace-uri()='urn:…Invoice-2'][1]/*:LegalMonetaryTotal[…][1]`;
 * the report uses the conventional prefixes: `/Invoice/cac:LegalMonetaryTotal` (`[n]` kept when n > 1).
 */
export function conventionalXPath(location: string): string {
  return location.replace(STEP, (_match, name: string, uri: string, index: string | undefined) => {
    const prefix = PREFIXES[uri] ?? '';
    return index !== undefined && index !== '1' ? `${prefix}${name}[${index}]` : `${prefix}${name}`;
  });
}
