import { fixtureNames, fixtureText } from '../__fixtures__/flow-fixtures';
import { mutationsFor } from '../__fixtures__/en16931-mutations';
import { isRefusing } from '../report';
import { conventionalXPath, validateWithArtefacts } from '../../../../test/support/en16931-artefacts';
import type { En16931Syntax } from './findings';

/**
 * The official artefacts (test oracle) on the official samples, and their SVRL mapped onto findings. Mutated
 * samples are run through them once, in native-vs-artefacts.spec.ts. SEF files load once per file.
 */

const SAMPLES: Array<[string, En16931Syntax]> = [
  ...fixtureNames('en16931/ubl').map((name): [string, En16931Syntax] => [name, 'UBL']),
  ...fixtureNames('en16931/cii').map((name): [string, En16931Syntax] => [name, 'CII']),
  ['facturx/factur-x-en16931.xml', 'CII'],
];

describe('EN 16931 artefacts (the official rules through saxon-js)', () => {
  it.each(SAMPLES)('accept the official sample %s', (name, syntax) => {
    const refusals = validateWithArtefacts(fixtureText(name), syntax).filter(isRefusing);
    expect(refusals).toEqual([]);
  });

  it('maps a failed assert onto a finding: rule, severity, location, business term, texts', () => {
    const xml = mutationsFor('UBL')[0]!.apply(fixtureText('en16931/ubl/ubl-tc434-example1.xml'))!;
    const finding = validateWithArtefacts(xml, 'UBL').find((f) => f.rule === 'BR-CO-15');
    expect(finding).toEqual({
      rule: 'BR-CO-15',
      stage: 'en16931',
      severity: 'error',
      location: '/Invoice',
      businessTerm: 'BT-112',
      message: {
        en: 'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
        fr: 'Le total TVA comprise (BT-112) doit être égal au total hors TVA (BT-109) plus le montant total de TVA (BT-110).',
      },
    });
  });

  it('writes the artefacts’ locations with the conventional prefixes', () => {
    expect(
      conventionalXPath(
        "/*:CrossIndustryInvoice[namespace-uri()='urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100'][1]" +
          "/*:SupplyChainTradeTransaction[namespace-uri()='urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100'][1]" +
          "/*:IncludedSupplyChainTradeLineItem[namespace-uri()='urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100'][3]",
      ),
    ).toBe('/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[3]');
  });
});
