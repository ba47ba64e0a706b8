import { fixtureText } from '../__fixtures__/flow-fixtures';
import { isRefusing } from '../report';
import { CII_SYNTAX_RULES, UBL_SYNTAX_RULES } from './syntax-rules';
import { SYNTAX_RULES, UNSUPPORTED_SYNTAX_RULES } from './syntax-rules-check';
import { validateEn16931 } from './validate';

/**
 * The syntax rules' evaluation (the verdicts themselves are compared with the artefacts in
 * native-vs-artefacts.spec.ts): coverage, the pattern's first-match order, the findings' shape.
 */

const fatalIds = (rules: typeof UBL_SYNTAX_RULES): string[] =>
  [...new Set(rules.flatMap((rule) => rule.asserts.filter(([, flag]) => flag === 'fatal').map(([id]) => id)))].sort();

const UBL = fixtureText('en16931/ubl/ubl-tc434-example2.xml');
const CII = fixtureText('en16931/cii/CII_example1.xml');

describe('EN 16931 syntax rules (native)', () => {
  it('evaluates every fatal syntax assert of both artefacts', () => {
    expect(UNSUPPORTED_SYNTAX_RULES).toEqual([]);
    expect([...SYNTAX_RULES].sort()).toEqual([...fatalIds(UBL_SYNTAX_RULES), ...fatalIds(CII_SYNTAX_RULES)].sort());
    // UBL-SR 54, UBL-DT 3, UBL-CR 2; CII-SR 42, CII-DT 70.
    expect(SYNTAX_RULES).toHaveLength(171);
  });

  it('reports a repeated element at its context, with the artefacts text and a French one', () => {
    const xml = UBL.replace(/<cac:ContractDocumentReference>[\s\S]*?<\/cac:ContractDocumentReference>/, (m) => m + m);
    expect(validateEn16931(xml, 'UBL').filter(isRefusing)).toEqual([
      {
        rule: 'UBL-SR-01',
        stage: 'en16931',
        severity: 'error',
        location: '/Invoice',
        message: {
          en: 'Contract identifier shall occur maximum once.',
          fr: 'Règle syntaxique UBL-SR-01 non respectée : Contract identifier shall occur maximum once.',
        },
      },
    ]);
  });

  it('locates a node among same-named siblings', () => {
    const xml = UBL.replace(/(<cac:InvoiceLine>[\s\S]*?<cac:InvoiceLine>[\s\S]*?<cbc:LineExtensionAmount[^>]*>)([^<]+)/, (_m, open, amount) => `${open}${amount}1`);
    expect(validateEn16931(xml, 'UBL').find((f) => f.rule === 'UBL-DT-01')).toMatchObject({
      location: '/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount',
    });
  });

  it('tests each node with the first rule of the pattern that matches it, as the compiled XSLT does', () => {
    // The invoice type code matches //ram:TypeCode (CII-DT-008/009) before its own rule (CII-DT-010…012).
    const withListId = CII.replace(/(<rsm:ExchangedDocument>[\s\S]*?<ram:TypeCode)>/, '$1 listID="1001">');
    expect(validateEn16931(withListId, 'CII').filter(isRefusing)).toEqual([]);
    const withName = CII.replace(/(<rsm:ExchangedDocument>[\s\S]*?<ram:TypeCode)>/, '$1 name="Facture">');
    expect(validateEn16931(withName, 'CII').filter(isRefusing)).toMatchObject([
      { rule: 'CII-DT-008', location: '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode' },
    ]);
  });
});
