import {
  INVOICE_STATUS_LABELS,
  INVOICE_STATUSES,
  InvoiceStatus,
  invoiceStatusLabel,
  isInvoiceStatus,
  ORDINARY_INVOICE_STATUSES,
  REFORM_CODE_BY_STATUS,
  REFORM_LIFECYCLE_CODES,
  REFORM_LIFECYCLE_LABELS,
  reformCodeOf,
} from './invoice-status';

describe('invoice status vocabulary', () => {
  it('holds exactly the 19 codes of the real platform', () => {
    expect([...INVOICE_STATUSES].sort()).toEqual(
      [
        'BROUILLON',
        'DEPOSEE',
        'EN_COURS_ACHEMINEMENT',
        'MISE_A_DISPOSITION',
        'A_RECYCLER',
        'SUSPENDUE',
        'COMPLETEE',
        'REJETEE',
        'SERVICE_FAIT',
        'MANDATEE',
        'MISE_A_DISPOSITION_COMPTABLE',
        'COMPTABILISEE',
        'MISE_EN_PAIEMENT',
        'INTERPRETEE_OCR',
        'SUPPRIMEE',
        'ABANDONNEE',
        'A_VALIDER_1',
        'VALIDEE_1',
        'REFUSEE_1',
      ].sort(),
    );
    expect(new Set(INVOICE_STATUSES).size).toBe(INVOICE_STATUSES.length);
  });

  it('lists the ordinary subset inside the vocabulary', () => {
    for (const status of ORDINARY_INVOICE_STATUSES) expect(INVOICE_STATUSES).toContain(status);
    expect(ORDINARY_INVOICE_STATUSES).toHaveLength(13);
  });

  it('recognises codes exactly (case-sensitive, strings only)', () => {
    expect(isInvoiceStatus('MISE_EN_PAIEMENT')).toBe(true);
    expect(isInvoiceStatus('mise_en_paiement')).toBe(false);
    expect(isInvoiceStatus('SERVICE-FAIT')).toBe(false);
    expect(isInvoiceStatus('')).toBe(false);
    expect(isInvoiceStatus(undefined)).toBe(false);
    expect(isInvoiceStatus(3)).toBe(false);
  });

  it('has a French and an English label for every status', () => {
    for (const status of INVOICE_STATUSES) {
      expect(INVOICE_STATUS_LABELS[status].fr.trim()).not.toBe('');
      expect(INVOICE_STATUS_LABELS[status].en.trim()).not.toBe('');
    }
    expect(Object.keys(INVOICE_STATUS_LABELS).sort()).toEqual([...INVOICE_STATUSES].sort());
    expect(invoiceStatusLabel('MISE_A_DISPOSITION')).toBe('Mise à disposition du destinataire');
    expect(invoiceStatusLabel('REJETEE', 'en')).toBe('Rejected');
  });
});

describe('reform lifecycle codes', () => {
  it('labels the 14 codes 200..213', () => {
    expect(REFORM_LIFECYCLE_CODES).toEqual([200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213]);
    expect(REFORM_LIFECYCLE_LABELS[200].fr).toBe('Déposée');
    expect(REFORM_LIFECYCLE_LABELS[211].fr).toBe('Paiement transmis');
    expect(REFORM_LIFECYCLE_LABELS[213].fr).toBe('Rejetée');
    for (const code of REFORM_LIFECYCLE_CODES) expect(REFORM_LIFECYCLE_LABELS[code].en).not.toBe('');
  });

  // The whole decision table, written out independently of the implementation.
  const expected: Record<InvoiceStatus, number | null> = {
    BROUILLON: null,
    DEPOSEE: 200,
    EN_COURS_ACHEMINEMENT: 201,
    MISE_A_DISPOSITION: 203,
    A_RECYCLER: 213,
    SUSPENDUE: 208,
    COMPLETEE: 209,
    REJETEE: 210,
    SERVICE_FAIT: 205,
    MANDATEE: 205,
    MISE_A_DISPOSITION_COMPTABLE: 205,
    COMPTABILISEE: 205,
    MISE_EN_PAIEMENT: 211,
    INTERPRETEE_OCR: null,
    SUPPRIMEE: null,
    ABANDONNEE: null,
    A_VALIDER_1: 200,
    VALIDEE_1: 200,
    REFUSEE_1: 213,
  };

  it.each(INVOICE_STATUSES.map((status) => [status, expected[status]] as const))('maps %s to %p', (status, code) => {
    expect(REFORM_CODE_BY_STATUS[status]).toBe(code);
    const reform = reformCodeOf(status);
    if (code === null) {
      expect(reform).toBeNull();
    } else {
      expect(reform).toEqual({
        code,
        labelFr: REFORM_LIFECYCLE_LABELS[code as keyof typeof REFORM_LIFECYCLE_LABELS].fr,
        labelEn: REFORM_LIFECYCLE_LABELS[code as keyof typeof REFORM_LIFECYCLE_LABELS].en,
      });
    }
  });

  it('is total: every status is mapped or explicitly null', () => {
    expect(Object.keys(REFORM_CODE_BY_STATUS).sort()).toEqual([...INVOICE_STATUSES].sort());
    for (const status of INVOICE_STATUSES) expect(REFORM_CODE_BY_STATUS[status]).not.toBeUndefined();
  });

  it('keeps the platform rejection (213) and the buyer refusal (210) apart', () => {
    expect(reformCodeOf('REJETEE')?.labelFr).toBe('Refusée');
    expect(reformCodeOf('A_RECYCLER')?.labelFr).toBe('Rejetée');
  });

  it('never goes backwards along the ordinary happy path', () => {
    const path: InvoiceStatus[] = [
      'DEPOSEE',
      'EN_COURS_ACHEMINEMENT',
      'MISE_A_DISPOSITION',
      'SERVICE_FAIT',
      'MANDATEE',
      'MISE_A_DISPOSITION_COMPTABLE',
      'COMPTABILISEE',
      'MISE_EN_PAIEMENT',
    ];
    const codes = path.map((status) => REFORM_CODE_BY_STATUS[status] as number);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
  });
});
