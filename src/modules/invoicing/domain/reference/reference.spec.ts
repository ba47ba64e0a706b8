import * as reference from './index';
import {
  API_SUBMISSION_DEPOSIT_MODES,
  ATTACHMENT_TYPES,
  attachmentTypesFor,
  BILLING_FRAMEWORKS,
  codesOf,
  COUNTRIES,
  CURRENCIES,
  DEPOSIT_MODES,
  findByCode,
  FLOW_STATES,
  FLOW_SYNTAXES,
  INVOICE_TYPES,
  isCodeOf,
  isFinalFlowState,
  labelOf,
  PAYMENT_MODES,
  ReferenceItem,
  VAT_EXEMPTION_REASONS,
  VAT_RATES,
  VAT_REGIMES,
} from './index';

const LISTS: Record<string, readonly ReferenceItem[]> = {
  BILLING_FRAMEWORKS,
  VAT_RATES,
  CURRENCIES,
  COUNTRIES,
  PAYMENT_MODES,
  VAT_REGIMES,
  DEPOSIT_MODES,
  INVOICE_TYPES,
  ATTACHMENT_TYPES,
  FLOW_SYNTAXES,
  FLOW_STATES,
};

describe('reference lists', () => {
  it('are all re-exported by the index', () => {
    for (const name of Object.keys(LISTS)) expect(reference).toHaveProperty(name);
  });

  it.each(Object.entries(LISTS))('%s: unique codes, French and English labels', (_name, items) => {
    const codes = items.map((item) => item.code);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(codes).size).toBe(codes.length);
    for (const item of items) {
      expect(item.code).toMatch(/^[A-Z0-9_]+$/);
      expect(item.labelFr.trim()).not.toBe('');
      expect(item.labelEn.trim()).not.toBe('');
    }
  });

  it('hold the exact PISTE enum codes', () => {
    expect(codesOf(PAYMENT_MODES)).toEqual(['CHEQUE', 'PRELEVEMENT', 'VIREMENT', 'ESPECE', 'AUTRE', 'REPORT']);
    expect(codesOf(VAT_REGIMES)).toEqual(['TVA_SUR_DEBIT', 'TVA_SUR_ENCAISSEMENT', 'EXONERATION', 'SANS_TVA']);
    expect(codesOf(INVOICE_TYPES)).toEqual(['FACTURE', 'AVOIR']);
    expect(codesOf(DEPOSIT_MODES)).toEqual(
      expect.arrayContaining(['SAISIE_API', 'DEPOT_PDF_API', 'SAISIE_WEB', 'DEPOT_PDF_WEB']),
    );
    expect(API_SUBMISSION_DEPOSIT_MODES).toEqual(['SAISIE_API', 'DEPOT_PDF_API']);
    expect(codesOf(FLOW_SYNTAXES)).toEqual([
      'IN_DP_E1_UBL_INVOICE',
      'IN_DP_E1_CII_16B',
      'IN_DP_E2_UBL_INVOICE_MIN',
      'IN_DP_E2_CII_MIN_16B',
      'IN_DP_E2_CPP_FACTURE_MIN',
      'IN_DP_E2_CII_FACTURX',
    ]);
    expect(codesOf(FLOW_STATES)).toEqual([
      'IN_RECU',
      'IN_EN_ATTENTE_TRAITEMENT_CPP',
      'IN_EN_COURS_TRAITEMENT_CPP',
      'IN_INTEGRE',
      'IN_INTEGRE_PARTIEL',
      'IN_REJETE',
      'IN_INCIDENTE',
    ]);
  });

  it('mark which VAT regimes charge VAT', () => {
    expect(VAT_REGIMES.filter((item) => !item.vatCharged).map((item) => item.code)).toEqual(['EXONERATION', 'SANS_TVA']);
  });

  it('know the final flow states', () => {
    expect(FLOW_STATES.filter((state) => isFinalFlowState(state.code)).map((state) => state.code)).toEqual([
      'IN_INTEGRE',
      'IN_INTEGRE_PARTIEL',
      'IN_REJETE',
      'IN_INCIDENTE',
    ]);
    expect(isFinalFlowState('IN_RECU')).toBe(false);
  });

  it('give attachment types unique ids and per-object lists', () => {
    const ids = ATTACHMENT_TYPES.map((type) => type.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(codesOf(attachmentTypesFor('FACTURE'))).toContain('FACTURE');
    expect(codesOf(attachmentTypesFor('CB'))).toEqual(['RIB', 'AUTRE']);
    expect(codesOf(attachmentTypesFor('SOLLICITATION'))).toEqual(['AUTRE']);
  });

  it('give VAT exemption reasons as unique EN 16931 VATEX codes with both labels', () => {
    expect(reference).toHaveProperty('VAT_EXEMPTION_REASONS');
    const codes = codesOf(VAT_EXEMPTION_REASONS);
    expect(new Set(codes).size).toBe(codes.length);
    for (const item of VAT_EXEMPTION_REASONS) {
      expect(item.code).toMatch(/^VATEX-(EU|FR)-[A-Z0-9-]+$/);
      expect(item.labelFr.trim()).not.toBe('');
      expect(item.labelEn.trim()).not.toBe('');
    }
    expect(codes).toContain('VATEX-FR-FRANCHISE');
  });

  it('offer generic helpers', () => {
    expect(findByCode(PAYMENT_MODES, 'VIREMENT')?.labelFr).toBe('Virement');
    expect(findByCode(PAYMENT_MODES, 'virement')).toBeUndefined();
    expect(isCodeOf(INVOICE_TYPES, 'AVOIR')).toBe(true);
    expect(isCodeOf(INVOICE_TYPES, 'ACOMPTE')).toBe(false);
    expect(isCodeOf(INVOICE_TYPES, 1)).toBe(false);
    expect(labelOf(INVOICE_TYPES[1])).toBe('Avoir');
    expect(labelOf(INVOICE_TYPES[1], 'en')).toBe('Credit note');
  });
});
