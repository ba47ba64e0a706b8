import { chargeRefusal, checkEngagementFields, remainingOf } from './engagement-rules';

const valid = { number: ' EJ-1 ', notificationDate: '2026-01-15', amount: '1 000,5'.replace(' ', ''), supplierIdentifier: '912 345 675 00017' };

describe('engagement fields', () => {
  it('normalises a valid engagement: trimmed number, 2-decimal amounts, EUR and BON_DE_COMMANDE by default, SIRET without spaces', () => {
    expect(checkEngagementFields(valid)).toEqual({
      issues: [],
      value: expect.objectContaining({ number: 'EJ-1', amount: '1000.50', currency: 'EUR', type: 'BON_DE_COMMANDE', supplierIdentifier: '91234567500017', amountExclTax: null }),
    });
  });

  it('reports every issue at once, each on its field', () => {
    const { value, issues } = checkEngagementFields({ number: '', notificationDate: '2026-02-30', amount: '0', amountExclTax: '1.234', currency: 'euro', type: 'DEVIS', supplierIdentifier: '123' });
    expect(value).toBeNull();
    expect(issues.map((i) => `${i.field}:${i.error.code}`)).toEqual([
      'number:ENGAGEMENTS.FIELD_REQUIRED',
      'type:ENGAGEMENTS.FIELD_INVALID',
      'notificationDate:ENGAGEMENTS.FIELD_INVALID',
      'amount:ENGAGEMENTS.AMOUNT_INVALID',
      'amountExclTax:ENGAGEMENTS.AMOUNT_INVALID',
      'currency:ENGAGEMENTS.FIELD_INVALID',
      'supplierIdentifier:ENGAGEMENTS.FIELD_INVALID',
    ]);
  });

  it('requires a supplier, and an amount excl. VAT not above the amount incl. VAT', () => {
    expect(checkEngagementFields({ ...valid, supplierIdentifier: null }).issues.map((i) => i.error.code)).toEqual(['ENGAGEMENTS.SUPPLIER_REQUIRED']);
    expect(checkEngagementFields({ ...valid, amountExclTax: '1000.51' }).issues.map((i) => i.field)).toEqual(['amountExclTax']);
    expect(checkEngagementFields({ ...valid, amount: '-5' }).issues.map((i) => i.field)).toEqual(['amount']);
  });
});

describe('charging an invoice', () => {
  const engagement = { number: 'EJ-1', status: 'ACTIVE', currency: 'EUR', amount: '1000.00', consumed: '700.00' };

  it('accepts an invoice up to exactly what is left', () => {
    expect(remainingOf('1000.00', '700.00')).toBe('300.00');
    expect(chargeRefusal(engagement, '300.00', 'EUR')).toBeNull();
  });

  it('refuses one cent more, naming what is left', () => {
    expect(chargeRefusal(engagement, '300.01', 'EUR')).toEqual({
      error: expect.objectContaining({ code: 'ENGAGEMENTS.EXCEEDED' }),
      field: 'engagementNumber',
      params: { number: 'EJ-1', amount: '300.01', remaining: '300.00' },
    });
  });

  it('refuses an inactive engagement first, then another currency', () => {
    expect(chargeRefusal({ ...engagement, status: 'INACTIVE' }, '1.00', 'USD')?.error.code).toBe('ENGAGEMENTS.NOT_ACTIVE');
    expect(chargeRefusal(engagement, '1.00', 'USD')?.error.code).toBe('ENGAGEMENTS.CURRENCY_MISMATCH');
  });
});
