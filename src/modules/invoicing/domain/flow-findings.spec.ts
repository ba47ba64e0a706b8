import { reportOf } from '../../../lib/einvoice';
import { DomainError } from '../../../shared/domain/domain-error';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { violation } from '../application/submit-invoice.use-case';
import { DUPLICATE_REFORM, findingsOfDomainError, ruleOfCode, technicalFinding } from './flow-findings';
import { InvoicingErrors } from './invoicing.errors';
import { checkContent, checkRouting } from './submission-rules';

const content = {
  number: 'F-1',
  invoiceDate: '2026-03-15',
  type: 'FACTURE',
  billingFramework: 'A1_FACTURE_FOURNISSEUR',
  depositMode: 'DEPOT_FLUX',
  totalExclTax: '1000.00',
  totalVat: '200.00',
  totalInclTax: '1200.00',
  amountDue: '1200.00',
  vatBreakdown: [{ rate: '20', taxableAmount: '1000.00', vatAmount: '200.00' }],
  hasMainFile: false,
};

describe('refusals as report findings', () => {
  it('makes a duplicate number a finding of the duplicate stage, with the reform’s 213 / DOUBLON', () => {
    const [finding] = findingsOfDomainError(new DomainError(InvoicingErrors.DUPLICATE_NUMBER, { number: 'F-1', year: 2026 }, 'number'), 'UBL');
    expect(finding).toEqual({
      rule: 'LIASSE-DUPLICATE-NUMBER',
      stage: 'duplicate',
      severity: 'error',
      businessTerm: 'BT-1',
      location: '/Invoice/cbc:ID',
      message: {
        fr: 'Le numéro de facture F-1 a déjà été utilisé par ce fournisseur en 2026.',
        en: 'Invoice number F-1 was already used by this supplier in 2026.',
      },
      values: { code: 'INVOICING.DUPLICATE_NUMBER', number: 'F-1', year: '2026' },
      reform: DUPLICATE_REFORM,
    });
    expect(DUPLICATE_REFORM).toEqual({ status: 213, reason: 'DOUBLON' });
  });

  it('gives each totals rule that failed its own finding, with the EN 16931 rule, the values and a French text', () => {
    const refused = checkContent({ ...content, totalInclTax: '1300.00', amountDue: '1300.00' });
    const findings = findingsOfDomainError(violation(refused!), 'CII');
    expect(findings).toEqual([
      {
        rule: 'BR-CO-15',
        stage: 'en16931',
        severity: 'error',
        businessTerm: 'BT-112',
        location: expect.stringContaining('ram:GrandTotalAmount'),
        message: {
          fr: 'Le montant total TTC (BT-112) devrait être 1200.00 (total HT + total TVA), il est de 1300.00.',
          en: 'totalInclTax should be totalExclTax + totalVat = 1200.00, got 1300.00',
        },
        values: { field: 'totalInclTax', expected: '1200.00', actual: '1300.00' },
      },
    ]);
  });

  it('locates a line’s issue on that line, and keeps our own rules as LIASSE rules of the platform stage', () => {
    // The line rule (amount = quantity × price) is manual entry's, not a deposited document's.
    const refused = checkContent({
      ...content,
      depositMode: 'SAISIE_API',
      lines: [
        { quantity: '1', unitPrice: '400', amountExclTax: '400.00' },
        { quantity: '2', unitPrice: '300', amountExclTax: '500.00' },
      ],
    });
    const findings = findingsOfDomainError(violation(refused!), 'UBL');
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'LIASSE-LINE-AMOUNT',
        stage: 'platform',
        businessTerm: 'BT-131',
        location: '/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount',
        values: { field: 'lines[1].amountExclTax', expected: '600.00', actual: '500.00' },
      }),
    );
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'BR-CO-13', values: expect.objectContaining({ expected: '900.00', actual: '1000.00' }) }));
  });

  it('carries a rule id a new totals rule puts in its issue code (BR-CO-13) as it is', () => {
    const error = new DomainError(InvoicingErrors.TOTALS_INCONSISTENT, {}, 'totalExclTax', [
      { field: 'totalExclTax', code: 'BR-CO-13', message: { fr: 'Total HT faux', en: 'Wrong total' }, values: { expected: '90.00', actual: '100.00' }, businessTerm: 'BT-109' },
    ]);
    expect(findingsOfDomainError(error, 'UBL')).toEqual([
      {
        rule: 'BR-CO-13',
        stage: 'en16931',
        severity: 'error',
        businessTerm: 'BT-109',
        location: '/Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount',
        message: { fr: 'Total HT faux', en: 'Wrong total' },
        values: { field: 'totalExclTax', expected: '90.00', actual: '100.00' },
      },
    ]);
  });

  it('puts the recipient’s rules in the recipient stage, with their parameters', () => {
    const refused = checkRouting({
      recipient: { structureType: 'PUBLIQUE', active: true, rules: { serviceCodeRequired: false, engagementRequired: false, serviceCodeOrEngagementRequired: false } } as never,
      service: null,
      serviceCode: 'INCONNU',
      engagementNumber: null,
    });
    const [finding] = findingsOfDomainError(violation(refused!));
    expect(finding).toMatchObject({
      rule: 'LIASSE-SERVICE-NOT-FOUND',
      stage: 'recipient',
      businessTerm: 'BT-10',
      values: { code: 'INVOICING.SERVICE_NOT_FOUND', serviceCode: 'INCONNU' },
      message: { fr: expect.stringContaining('INCONNU') },
    });
    expect(finding.location).toBeUndefined();
  });

  it('names any other refusal after its stable code', () => {
    expect(ruleOfCode('INVOICING.MAIN_FILE_REQUIRED')).toBe('LIASSE-MAIN-FILE-REQUIRED');
    expect(ruleOfCode('HABILITATIONS.FORBIDDEN')).toBe('LIASSE-HABILITATIONS-FORBIDDEN');
    const [finding] = findingsOfDomainError(new DomainError(CommonErrors.FORBIDDEN));
    expect(finding).toMatchObject({ rule: ruleOfCode(CommonErrors.FORBIDDEN.code), stage: 'platform', severity: 'error', values: { code: CommonErrors.FORBIDDEN.code } });
    expect(finding.rule).toMatch(/^LIASSE-COMMON-/);
  });

  it('never lets a technical failure read as valid', () => {
    expect(reportOf([technicalFinding()], { completed: false }).valid).toBe(false);
    expect(technicalFinding()).toMatchObject({ rule: 'LIASSE-TECHNICAL-ERROR', severity: 'fatal' });
  });
});
