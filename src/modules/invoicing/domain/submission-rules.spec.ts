import { BankAccountSummary, ServiceSummary, StructureRoutingRules, StructureSummary } from '../../organisation/contracts/structures';
import {
  allowanceAndChargeCii,
  baseQuantityUbl,
  creditNoteUbl,
  fiveDecimalPriceUbl,
  returnLinesUbl,
  roundingCii,
} from '../../../lib/einvoice/__fixtures__/en16931-cases';
import { parseCiiInvoice, parseUblInvoice } from '../../../lib/einvoice';
import { checkBankAccount, checkContent, checkRouting, checkValidator, ContentInput, engagementChecked, invoiceYearOf, isPdf } from './submission-rules';

const structure = (over: Partial<StructureSummary> = {}, rules: Partial<StructureSummary['rules']> = {}): StructureSummary => ({
  id: 's1',
  publicId: 1,
  identifierType: 'SIRET',
  identifier: '11000201100044',
  structureType: 'PUBLIQUE',
  companyName: 'Etat',
  label: null,
  active: true,
  paymentDelayDays: 30,
  nonDiffusible: false,
  ...over,
  rules: { serviceCodeRequired: false, engagementRequired: false, serviceCodeOrEngagementRequired: false, paymentStatusNotReported: false, canReceiveEdi: false, ...rules },
});
const service = (over: Partial<ServiceSummary> = {}): ServiceSummary => ({
  id: 'sv1', publicId: 1, structureId: 's1', code: 'SRV', label: 'Service', active: true, activationStart: '2020-01-01', activationEnd: null, engagementRequired: false, ...over,
});
const code = (v: ReturnType<typeof checkRouting> | ReturnType<typeof checkContent> | ReturnType<typeof checkBankAccount>) => (v ? `${v.error.code}@${v.field}` : null);

describe('checkRouting', () => {
  it('accepts a public active recipient without requirements', () => {
    expect(checkRouting({ recipient: structure(), service: null, serviceCode: null, engagementNumber: null })).toBeNull();
  });
  it.each([
    ['missing recipient', { recipient: null }, 'INVOICING.RECIPIENT_NOT_FOUND@recipientStructureId'],
    ['private recipient', { recipient: structure({ structureType: 'PRIVEE' }) }, 'INVOICING.RECIPIENT_NOT_PUBLIC@recipientStructureId'],
    ['inactive recipient', { recipient: structure({ active: false }) }, 'INVOICING.RECIPIENT_INACTIVE@recipientStructureId'],
    ['unknown service code', { serviceCode: 'X' }, 'INVOICING.SERVICE_NOT_FOUND@recipientServiceCode'],
    ['inactive service', { serviceCode: 'SRV', service: service({ active: false }) }, 'INVOICING.SERVICE_INACTIVE@recipientServiceCode'],
    ['service code required', { recipient: structure({}, { serviceCodeRequired: true }) }, 'INVOICING.SERVICE_CODE_REQUIRED@recipientServiceCode'],
    ['engagement required', { recipient: structure({}, { engagementRequired: true }) }, 'INVOICING.ENGAGEMENT_REQUIRED@engagementNumber'],
    ['one of both', { recipient: structure({}, { serviceCodeOrEngagementRequired: true }) }, 'INVOICING.SERVICE_CODE_OR_ENGAGEMENT_REQUIRED@recipientServiceCode'],
    ['service engagement flag', { serviceCode: 'SRV', service: service({ engagementRequired: true }) }, 'INVOICING.SERVICE_ENGAGEMENT_REQUIRED@engagementNumber'],
  ])('refuses %s', (_label, over, expected) => {
    expect(code(checkRouting({ recipient: structure(), service: null, serviceCode: null, engagementNumber: null, ...over }))).toBe(expected);
  });
  it('accepts either a code or an engagement when one of both is required', () => {
    const recipient = structure({}, { serviceCodeOrEngagementRequired: true });
    expect(checkRouting({ recipient, service: null, serviceCode: null, engagementNumber: 'EJ1' })).toBeNull();
    expect(checkRouting({ recipient, service: service(), serviceCode: 'SRV', engagementNumber: null })).toBeNull();
  });
});

describe('checkContent', () => {
  const valid: ContentInput = {
    number: 'F-1', invoiceDate: '2026-03-01', type: 'FACTURE', billingFramework: 'A1_FACTURE_FOURNISSEUR', depositMode: 'SAISIE_WEB',
    totalExclTax: '100.00', totalVat: '20.00', totalInclTax: '120.00', amountDue: '120.00', vatBreakdown: [], hasMainFile: false,
  };
  it('accepts a consistent invoice', () => expect(checkContent(valid)).toBeNull());
  it('requires the number', () => expect(code(checkContent({ ...valid, number: ' ' }))).toBe('INVOICING.FIELD_REQUIRED@number'));
  it('refuses an unsupported framework', () =>
    expect(code(checkContent({ ...valid, billingFramework: 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR' }))).toBe('INVOICING.BILLING_FRAMEWORK_UNSUPPORTED@billingFramework'));
  it('refuses inconsistent totals with the issues', () => {
    const v = checkContent({ ...valid, totalInclTax: '121.00' });
    expect(code(v)).toBe('INVOICING.TOTALS_INCONSISTENT@totalInclTax');
    expect(v?.issues?.[0].code).toBe('TOTAL_INCL_TAX_MISMATCH');
  });
  it('checks lines against HT, naming the line or the total', () => {
    const line = (amountExclTax: string) => ({ quantity: '2', unitPrice: '25', amountExclTax });
    expect(checkContent({ ...valid, lines: [line('50.00'), line('50.00')] })).toBeNull();
    const wrongLine = checkContent({ ...valid, lines: [line('50.00'), line('50.00'), { quantity: '0', unitPrice: '1', amountExclTax: '0.02' }], totalExclTax: '100.02', totalInclTax: '120.02', amountDue: '120.02' });
    expect(code(wrongLine)).toBe('INVOICING.TOTALS_INCONSISTENT@lines[2].amountExclTax');
    expect(wrongLine?.issues?.[0].code).toBe('LINE_AMOUNT_MISMATCH');
    const wrongSum = checkContent({ ...valid, lines: [line('50.00')] });
    expect(code(wrongSum)).toBe('INVOICING.TOTALS_INCONSISTENT@totalExclTax');
    expect(wrongSum?.issues?.[0].code).toBe('LINES_TOTAL_MISMATCH');
  });
  it('names the rule and says it in French in the refusal, not only « incohérents »', () => {
    const v = checkContent({ ...valid, totalInclTax: '120.05', amountDue: '120.05' });
    expect(v).toMatchObject({ params: { rule: 'BR-CO-15', detail: expect.stringContaining('devrait valoir totalExclTax + totalVat = 120.00, reçu 120.05') } });
    expect(v?.issues?.[0]).toMatchObject({ rule: 'BR-CO-15', expected: '120.00', actual: '120.05' });
  });

  describe('deposited EN 16931 documents (DEPOT_FLUX) are held to EN 16931, not to the manual-entry line rule', () => {
    const fromDocument = (xml: string, depositMode = 'DEPOT_FLUX'): ContentInput => {
      const parsed = parseUblInvoice(xml, { requirePartyIds: false });
      const cii = parsed.ok ? parsed : parseCiiInvoice(xml, { requirePartyIds: false });
      if (!cii.ok) throw new Error(JSON.stringify(cii.errors));
      const i = cii.invoice;
      return {
        ...valid,
        depositMode,
        type: i.type,
        totalExclTax: i.totals.totalExclTax,
        totalVat: i.totals.totalVat,
        totalInclTax: i.totals.totalInclTax,
        amountDue: i.totals.amountDue,
        vatBreakdown: i.vatBreakdown,
        lines: i.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, priceBaseQuantity: l.priceBaseQuantity, amountExclTax: l.netAmount })),
      };
    };

    it.each([
      ['a document-level allowance and charge (lines 95 − 9 + 14 = 100)', allowanceAndChargeCii('F-1')],
      ['a price per 12 units and a 5-decimal price', baseQuantityUbl('F-2')],
      ['a 5-decimal price rounded by the seller', fiveDecimalPriceUbl('F-3')],
      ['return lines (negative amount with a positive quantity)', returnLinesUbl('F-4')],
      ['a rounding amount above the total with VAT', roundingCii('F-5', { due: '105.00' })],
      ['a credit note with an exempt line', creditNoteUbl('F-6')],
    ])('accepts %s', (_, xml) => {
      expect(checkContent(fromDocument(xml))).toBeNull();
    });

    it('keeps the stricter rules for manual entry of the same amounts', () => {
      expect(checkContent(fromDocument(allowanceAndChargeCii('F-1'), 'SAISIE_API'))?.issues?.map((i) => i.rule)).toEqual(['LIASSE-LINE-AMOUNT', 'BR-CO-13']);
      expect(checkContent(fromDocument(returnLinesUbl('F-4'), 'SAISIE_API'))?.issues?.map((i) => i.rule)).toEqual(['LIASSE-LINE-AMOUNT']);
    });

    it('still refuses, for a document, what breaks BR-CO-15 on the stored amounts', () => {
      expect(checkContent({ ...fromDocument(allowanceAndChargeCii('F-1')), totalInclTax: '104.95' })?.issues?.map((i) => i.rule)).toEqual(['BR-CO-15']);
    });
  });

  it('requires a main file for PDF deposits', () => {
    expect(code(checkContent({ ...valid, depositMode: 'DEPOT_PDF_WEB' }))).toBe('INVOICING.MAIN_FILE_REQUIRED@files');
    expect(checkContent({ ...valid, depositMode: 'DEPOT_PDF_WEB', hasMainFile: true })).toBeNull();
  });
});

describe('checkBankAccount', () => {
  const account = (over: Partial<BankAccountSummary> = {}): BankAccountSummary => ({
    id: 'b1', publicId: 7, structureId: 'sup', name: 'Principal', type: 'IBAN', maskedIban: 'FR76 **** 0189', active: true, ...over,
  });
  it('has nothing to check without a bank account', () => {
    expect(checkBankAccount({ supplierStructureId: 'sup', bankAccountId: null, account: null })).toBeNull();
    expect(checkBankAccount({ supplierStructureId: 'sup', bankAccountId: ' ', account: null })).toBeNull();
  });
  it('accepts an active account of the supplier', () =>
    expect(checkBankAccount({ supplierStructureId: 'sup', bankAccountId: 'b1', account: account() })).toBeNull());
  it.each([
    ['an unknown account', null, 'INVOICING.BANK_ACCOUNT_NOT_OF_SUPPLIER@bankAccountId'],
    ['another structure’s account', account({ structureId: 'other' }), 'INVOICING.BANK_ACCOUNT_NOT_OF_SUPPLIER@bankAccountId'],
    ['a different account than the one chosen', account({ id: 'b2' }), 'INVOICING.BANK_ACCOUNT_NOT_OF_SUPPLIER@bankAccountId'],
    ['an inactive account', account({ active: false }), 'INVOICING.BANK_ACCOUNT_INACTIVE@bankAccountId'],
  ])('refuses %s', (_label, found, expected) => {
    expect(code(checkBankAccount({ supplierStructureId: 'sup', bankAccountId: 'b1', account: found }))).toBe(expected);
  });
});

describe('checkValidator', () => {
  const base = { billingFramework: 'A9_FACTURE_SOUSTRAITANT', supplierStructureId: 'sup', recipientStructureId: 's1', validatorStructureId: 'val', validator: structure({ id: 'val', structureType: 'PRIVEE' }) };
  const check = (over: Partial<typeof base> = {}) => {
    const v = checkValidator({ ...base, ...over });
    return v ? `${v.error.code}@${v.field}` : null;
  };
  it('accepts an active validator, other than both parties, for A9 and A12 (short codes too)', () => {
    expect(check()).toBeNull();
    expect(check({ billingFramework: 'A12_FACTURE_COTRAITANT' })).toBeNull();
    expect(check({ billingFramework: 'a12' })).toBeNull();
  });
  it('requires one for A9 and A12, refuses one elsewhere', () => {
    expect(check({ validatorStructureId: null as never, validator: null as never })).toBe('INVOICING.VALIDATOR_REQUIRED@validatorStructureId');
    expect(check({ billingFramework: 'A1_FACTURE_FOURNISSEUR' })).toBe('INVOICING.VALIDATOR_NOT_EXPECTED@validatorStructureId');
    expect(check({ billingFramework: 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE', validatorStructureId: null as never, validator: null as never })).toBeNull();
  });
  it('refuses an unknown, inactive, supplier or recipient validator', () => {
    expect(check({ validator: null as never })).toBe('INVOICING.VALIDATOR_NOT_FOUND@validatorStructureId');
    expect(check({ validator: structure({ id: 'val', active: false }) })).toBe('INVOICING.VALIDATOR_INACTIVE@validatorStructureId');
    expect(check({ validatorStructureId: 'sup', validator: structure({ id: 'sup' }) })).toBe('INVOICING.VALIDATOR_IS_SUPPLIER@validatorStructureId');
    expect(check({ validatorStructureId: 's1', validator: structure({ id: 's1' }) })).toBe('INVOICING.VALIDATOR_IS_SUPPLIER@validatorStructureId');
  });
});

describe('helpers', () => {
  it('takes the year of the invoice date', () => expect(invoiceYearOf('2026-12-31')).toBe(2026));
  it('recognises a PDF by its magic bytes', () => {
    expect(isPdf(Buffer.from('%PDF-1.7\n...'))).toBe(true);
    expect(isPdf(Buffer.from('<html>%PDF-'))).toBe(false);
  });
});

describe('which engagement numbers are checked', () => {
  const recipient = (rules: Partial<StructureRoutingRules>) => ({ rules: { serviceCodeRequired: false, engagementRequired: false, serviceCodeOrEngagementRequired: false, paymentStatusNotReported: false, canReceiveEdi: false, ...rules } }) as StructureSummary;
  it('checks it when the recipient or its service requires one, or accepts it instead of a service code', () => {
    expect(engagementChecked({ recipient: recipient({ engagementRequired: true }), service: null, engagementNumber: 'EJ-1' })).toBe(true);
    expect(engagementChecked({ recipient: recipient({ serviceCodeOrEngagementRequired: true }), service: null, engagementNumber: 'EJ-1' })).toBe(true);
    expect(engagementChecked({ recipient: recipient({}), service: { engagementRequired: true } as ServiceSummary, engagementNumber: 'EJ-1' })).toBe(true);
  });
  it('leaves it as a mere reference otherwise, or when none is given', () => {
    expect(engagementChecked({ recipient: recipient({}), service: null, engagementNumber: 'EJ-1' })).toBe(false);
    expect(engagementChecked({ recipient: recipient({ engagementRequired: true }), service: null, engagementNumber: ' ' })).toBe(false);
  });
});
