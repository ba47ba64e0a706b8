import { checkFileName, checkIdentifiers, checkInvoiceDate, checkInvoiceInput, invoiceDateMax, isCalendarDate } from './input-rules';

const today = new Date('2026-12-06T10:00:00Z');
const code = (v: ReturnType<typeof checkInvoiceDate>) => (v ? `${v.error.code}@${v.field}` : null);

describe('invoice date range', () => {
  it('accepts 2000-01-01 up to today + 30 days, and no date yet (a draft)', () => {
    expect(invoiceDateMax(today)).toBe('2027-01-05');
    for (const ok of ['2000-01-01', '2026-12-06', '2027-01-05', '2024-02-29', null, undefined]) expect(checkInvoiceDate(ok, today)).toBeNull();
  });
  it.each(['1999-12-31', '0226-03-15', '2027-01-06', '9999-12-31'])('refuses %s with its range', (value) => {
    const v = checkInvoiceDate(value, today);
    expect(code(v)).toBe('INVOICING.INVOICE_DATE_OUT_OF_RANGE@invoiceDate');
    expect(v!.params).toEqual({ min: '2000-01-01', max: '2027-01-05' });
  });
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-5', '20260-01-01', '2026-03-15T00:00:00Z', ''])('refuses %j as no calendar day', (value) => {
    expect(isCalendarDate(value)).toBe(false);
    expect(code(checkInvoiceDate(value, today))).toBe('INVOICING.INVOICE_DATE_INVALID@invoiceDate');
  });
});

describe('identifiers and numbers', () => {
  it('names the field holding a bidi control and the character', () => {
    const v = checkIdentifiers({ number: 'F-1', engagementNumber: 'EJ-\u202E42' });
    expect(v).toMatchObject({ field: 'engagementNumber', params: { field: 'engagementNumber', character: 'U+202E' } });
    expect(v!.error.code).toBe('COMMON.BIDI_CONTROL_NOT_ALLOWED');
    for (const field of ['number', 'contractNumber', 'recipientServiceCode', 'recipientIdentifier'] as const) {
      expect(checkIdentifiers({ [field]: `A\u2067B` })?.field).toBe(field);
    }
  });
  it('accepts ordinary identifiers', () => {
    expect(checkIdentifiers({ number: 'F-2026/001', engagementNumber: 'EJ 42', contractNumber: null, recipientServiceCode: 'SERV-01', recipientIdentifier: '11000201100044' })).toBeNull();
  });
  it('checks identifiers first, then the date, on every entry path', () => {
    expect(checkInvoiceInput({ number: '\u200FF', invoiceDate: '1999-01-01' }, today)?.field).toBe('number');
    expect(checkInvoiceInput({ number: 'F', invoiceDate: '1999-01-01' }, today)?.field).toBe('invoiceDate');
    expect(checkInvoiceInput({}, today)).toBeNull();
  });
  it('refuses a file name that reads backwards', () => {
    expect(checkFileName('facture\u202Efdp.exe')).toMatchObject({ field: 'fileName', params: { character: 'U+202E' } });
    expect(checkFileName('facture.pdf')).toBeNull();
  });
});
