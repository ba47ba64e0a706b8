import { INVOICE_STATUSES, InvoiceStatus } from './invoice-status';
import {
  acceptsMandateNumber,
  ACTOR_SIDES,
  ActorSide,
  allowedTransitions,
  checkRejectionAcknowledgement,
  checkTransition,
  FINAL_STATUSES,
  findTransition,
  isFinal,
  isHiddenFromSupplier,
  needsSupplierAction,
  SUPPLIER_WORKLIST_STATUSES,
  TRANSITIONS,
  visibleHistoryForSupplier,
  visibleStatusForSupplier,
} from './status-machine';

/**
 * The expected machine, written out row by row: "FROM > TO : SIDE [reason] [mandate=REQUIRED|OPTIONAL]".
 * Everything not listed must be refused, for every side.
 */
const EXPECTED_ROWS = `
BROUILLON > DEPOSEE : SUPPLIER
BROUILLON > SUPPRIMEE : SUPPLIER
SUSPENDUE > COMPLETEE : SUPPLIER
A_RECYCLER > DEPOSEE : SUPPLIER
DEPOSEE > EN_COURS_ACHEMINEMENT : SYSTEM
EN_COURS_ACHEMINEMENT > MISE_A_DISPOSITION : SYSTEM
DEPOSEE > A_VALIDER_1 : SYSTEM
VALIDEE_1 > EN_COURS_ACHEMINEMENT : SYSTEM
A_VALIDER_1 > VALIDEE_1 : VALIDATOR
A_VALIDER_1 > REFUSEE_1 : VALIDATOR reason
MISE_A_DISPOSITION > SUSPENDUE : RECIPIENT reason
MISE_A_DISPOSITION > A_RECYCLER : RECIPIENT reason
MISE_A_DISPOSITION > REJETEE : RECIPIENT reason
MISE_A_DISPOSITION > SERVICE_FAIT : RECIPIENT
MISE_A_DISPOSITION > MANDATEE : RECIPIENT mandate=REQUIRED
MISE_A_DISPOSITION > MISE_A_DISPOSITION_COMPTABLE : RECIPIENT mandate=OPTIONAL
MISE_A_DISPOSITION > COMPTABILISEE : RECIPIENT mandate=OPTIONAL
MISE_A_DISPOSITION > MISE_EN_PAIEMENT : RECIPIENT mandate=OPTIONAL
COMPLETEE > SUSPENDUE : RECIPIENT reason
COMPLETEE > A_RECYCLER : RECIPIENT reason
COMPLETEE > REJETEE : RECIPIENT reason
COMPLETEE > SERVICE_FAIT : RECIPIENT
COMPLETEE > MANDATEE : RECIPIENT mandate=REQUIRED
COMPLETEE > MISE_A_DISPOSITION_COMPTABLE : RECIPIENT mandate=OPTIONAL
COMPLETEE > COMPTABILISEE : RECIPIENT mandate=OPTIONAL
COMPLETEE > MISE_EN_PAIEMENT : RECIPIENT mandate=OPTIONAL
SERVICE_FAIT > SUSPENDUE : RECIPIENT reason
SERVICE_FAIT > REJETEE : RECIPIENT reason
SERVICE_FAIT > MANDATEE : RECIPIENT mandate=REQUIRED
SERVICE_FAIT > MISE_A_DISPOSITION_COMPTABLE : RECIPIENT mandate=OPTIONAL
SERVICE_FAIT > COMPTABILISEE : RECIPIENT mandate=OPTIONAL
SERVICE_FAIT > MISE_EN_PAIEMENT : RECIPIENT mandate=OPTIONAL
MANDATEE > REJETEE : RECIPIENT reason
MANDATEE > MISE_A_DISPOSITION_COMPTABLE : RECIPIENT mandate=OPTIONAL
MANDATEE > COMPTABILISEE : RECIPIENT mandate=OPTIONAL
MANDATEE > MISE_EN_PAIEMENT : RECIPIENT mandate=OPTIONAL
MISE_A_DISPOSITION_COMPTABLE > REJETEE : RECIPIENT reason
MISE_A_DISPOSITION_COMPTABLE > COMPTABILISEE : RECIPIENT mandate=OPTIONAL
MISE_A_DISPOSITION_COMPTABLE > MISE_EN_PAIEMENT : RECIPIENT mandate=OPTIONAL
COMPTABILISEE > REJETEE : RECIPIENT reason
COMPTABILISEE > MISE_EN_PAIEMENT : RECIPIENT mandate=OPTIONAL
`;

interface ExpectedRow {
  from: InvoiceStatus;
  to: InvoiceStatus;
  side: ActorSide;
  reason: boolean;
  mandate: 'REQUIRED' | 'OPTIONAL' | 'NONE';
}

const expectedRows: ExpectedRow[] = EXPECTED_ROWS.trim()
  .split('\n')
  .map((line) => {
    const match = /^(\w+) > (\w+) : (\w+)( reason)?(?: mandate=(\w+))?$/.exec(line.trim());
    if (!match) throw new Error(`bad row ${line}`);
    return {
      from: match[1] as InvoiceStatus,
      to: match[2] as InvoiceStatus,
      side: match[3] as ActorSide,
      reason: match[4] !== undefined,
      mandate: (match[5] ?? 'NONE') as ExpectedRow['mandate'],
    };
  });

const key = (from: string, to: string, side: string): string => `${from}>${to}:${side}`;
const expectedKeys = new Set(expectedRows.map((row) => key(row.from, row.to, row.side)));
const fullInput = { reason: 'motif', mandateNumber: 'M-2024-001' };

describe('transition table', () => {
  it('contains exactly the expected rows, no duplicates', () => {
    const actual = TRANSITIONS.map((rule) => key(rule.from, rule.to, rule.side));
    expect(new Set(actual).size).toBe(actual.length);
    expect([...actual].sort()).toEqual([...expectedKeys].sort());
  });

  it.each(expectedRows)('$from -> $to is allowed to $side', (row) => {
    const rule = findTransition(row.from, row.to, row.side);
    expect(rule).toBeDefined();
    expect(rule?.reasonRequired).toBe(row.reason);
    expect(rule?.mandateNumber).toBe(row.mandate);
    expect(checkTransition(row.from, row.to, row.side, fullInput)).toEqual({ ok: true });
    expect(allowedTransitions(row.from, row.side)).toContain(row.to);
  });

  it.each(expectedRows)('$from -> $to is refused to the other sides', (row) => {
    for (const side of ACTOR_SIDES.filter((s) => s !== row.side)) {
      if (expectedKeys.has(key(row.from, row.to, side))) continue;
      const result = checkTransition(row.from, row.to, side, fullInput);
      expect(result).toEqual({ ok: false, code: 'ILLEGAL_TRANSITION', allowed: allowedTransitions(row.from, side) });
    }
  });

  it('refuses every combination not in the table, whoever asks, with the allowed list', () => {
    let refused = 0;
    for (const from of INVOICE_STATUSES) {
      for (const to of INVOICE_STATUSES) {
        for (const side of ACTOR_SIDES) {
          if (expectedKeys.has(key(from, to, side))) continue;
          const result = checkTransition(from, to, side, fullInput);
          expect(result).toEqual({ ok: false, code: 'ILLEGAL_TRANSITION', allowed: allowedTransitions(from, side) });
          refused++;
        }
      }
    }
    expect(refused).toBe(INVOICE_STATUSES.length ** 2 * ACTOR_SIDES.length - expectedRows.length);
  });

  it('lists allowed targets per side in table order', () => {
    expect(allowedTransitions('MISE_A_DISPOSITION', 'RECIPIENT')).toEqual([
      'SUSPENDUE',
      'A_RECYCLER',
      'REJETEE',
      'SERVICE_FAIT',
      'MANDATEE',
      'MISE_A_DISPOSITION_COMPTABLE',
      'COMPTABILISEE',
      'MISE_EN_PAIEMENT',
    ]);
    expect(allowedTransitions('COMPLETEE', 'RECIPIENT')).toEqual(allowedTransitions('MISE_A_DISPOSITION', 'RECIPIENT'));
    expect(allowedTransitions('COMPTABILISEE', 'RECIPIENT')).toEqual(['REJETEE', 'MISE_EN_PAIEMENT']);
    expect(allowedTransitions('MISE_A_DISPOSITION', 'SUPPLIER')).toEqual([]);
    expect(allowedTransitions('BROUILLON', 'SUPPLIER')).toEqual(['DEPOSEE', 'SUPPRIMEE']);
    expect(allowedTransitions('DEPOSEE', 'SYSTEM')).toEqual(['EN_COURS_ACHEMINEMENT', 'A_VALIDER_1']);
    expect(allowedTransitions('A_VALIDER_1', 'VALIDATOR')).toEqual(['VALIDEE_1', 'REFUSEE_1']);
  });

  it('leaves an invoice awaiting validation to its validator alone', () => {
    for (const side of ['SUPPLIER', 'RECIPIENT', 'SYSTEM'] as const) expect(allowedTransitions('A_VALIDER_1', side)).toEqual([]);
    expect(checkTransition('A_VALIDER_1', 'REFUSEE_1', 'VALIDATOR')).toEqual({ ok: false, code: 'REASON_REQUIRED', field: 'reason' });
    expect(checkTransition('A_VALIDER_1', 'VALIDEE_1', 'VALIDATOR')).toEqual({ ok: true });
  });

  it('never lets the recipient go back to an earlier processing step', () => {
    expect(checkTransition('MISE_EN_PAIEMENT', 'MANDATEE', 'RECIPIENT', fullInput)).toMatchObject({ code: 'ILLEGAL_TRANSITION', allowed: [] });
    expect(checkTransition('COMPTABILISEE', 'SERVICE_FAIT', 'RECIPIENT')).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(checkTransition('MANDATEE', 'SUSPENDUE', 'RECIPIENT', fullInput)).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(checkTransition('SERVICE_FAIT', 'A_RECYCLER', 'RECIPIENT', fullInput)).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('leaves suspended and to-be-recycled invoices to the supplier', () => {
    expect(allowedTransitions('SUSPENDUE', 'RECIPIENT')).toEqual([]);
    expect(allowedTransitions('A_RECYCLER', 'RECIPIENT')).toEqual([]);
    expect(allowedTransitions('SUSPENDUE', 'SUPPLIER')).toEqual(['COMPLETEE']);
    expect(allowedTransitions('A_RECYCLER', 'SUPPLIER')).toEqual(['DEPOSEE']);
  });

  it('has no system step after completion: the recipient processes COMPLETEE directly', () => {
    expect(allowedTransitions('COMPLETEE', 'SYSTEM')).toEqual([]);
  });

  it('refuses a transition to the same status', () => {
    for (const status of INVOICE_STATUSES) {
      for (const side of ACTOR_SIDES) expect(checkTransition(status, status, side, fullInput).ok).toBe(false);
    }
  });
});

describe('transition requirements', () => {
  it.each(expectedRows.filter((row) => row.reason))('$from -> $to requires a reason', (row) => {
    for (const reason of [undefined, null, '', '   ', '\n\t']) {
      expect(checkTransition(row.from, row.to, row.side, { reason, mandateNumber: 'M1' })).toEqual({
        ok: false,
        code: 'REASON_REQUIRED',
        field: 'reason',
      });
    }
    expect(checkTransition(row.from, row.to, row.side, { reason: 'Pièce manquante' })).toEqual({ ok: true });
  });

  it.each(expectedRows.filter((row) => !row.reason && row.mandate !== 'REQUIRED'))('$from -> $to needs nothing', (row) => {
    expect(checkTransition(row.from, row.to, row.side)).toEqual({ ok: true });
    expect(checkTransition(row.from, row.to, row.side, { reason: '', mandateNumber: '' })).toEqual({ ok: true });
  });

  it.each(expectedRows.filter((row) => row.mandate === 'REQUIRED'))('$from -> $to requires a mandate number', (row) => {
    for (const mandateNumber of [undefined, null, '', '  ']) {
      expect(checkTransition(row.from, row.to, row.side, { mandateNumber })).toEqual({
        ok: false,
        code: 'MANDATE_NUMBER_REQUIRED',
        field: 'mandateNumber',
      });
    }
    expect(checkTransition(row.from, row.to, row.side, { mandateNumber: '2024-0042' })).toEqual({ ok: true });
  });

  it('checks legality before requirements', () => {
    expect(checkTransition('DEPOSEE', 'REJETEE', 'RECIPIENT')).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('says where a mandate number is stored', () => {
    expect(acceptsMandateNumber('MISE_A_DISPOSITION', 'MANDATEE', 'RECIPIENT')).toBe(true);
    expect(acceptsMandateNumber('MISE_A_DISPOSITION', 'MISE_EN_PAIEMENT', 'RECIPIENT')).toBe(true);
    expect(acceptsMandateNumber('MISE_A_DISPOSITION', 'SERVICE_FAIT', 'RECIPIENT')).toBe(false);
    expect(acceptsMandateNumber('MISE_A_DISPOSITION', 'REJETEE', 'RECIPIENT')).toBe(false);
    expect(acceptsMandateNumber('DEPOSEE', 'MANDATEE', 'RECIPIENT')).toBe(false);
  });
});

describe('final statuses', () => {
  it('are REJETEE, MISE_EN_PAIEMENT, SUPPRIMEE, ABANDONNEE and REFUSEE_1', () => {
    expect(INVOICE_STATUSES.filter(isFinal)).toEqual(['REJETEE', 'MISE_EN_PAIEMENT', 'SUPPRIMEE', 'ABANDONNEE', 'REFUSEE_1']);
    expect([...FINAL_STATUSES].sort()).toEqual(['ABANDONNEE', 'MISE_EN_PAIEMENT', 'REFUSEE_1', 'REJETEE', 'SUPPRIMEE']);
  });

  it('have no way out, for anyone', () => {
    for (const status of FINAL_STATUSES) {
      for (const side of ACTOR_SIDES) expect(allowedTransitions(status, side)).toEqual([]);
    }
  });

  it('every non-final ordinary status has a way out', () => {
    const ordinary: InvoiceStatus[] = [
      'BROUILLON',
      'DEPOSEE',
      'EN_COURS_ACHEMINEMENT',
      'MISE_A_DISPOSITION',
      'A_RECYCLER',
      'SUSPENDUE',
      'COMPLETEE',
      'SERVICE_FAIT',
      'MANDATEE',
      'MISE_A_DISPOSITION_COMPTABLE',
      'COMPTABILISEE',
    ];
    for (const status of ordinary) {
      expect(isFinal(status)).toBe(false);
      expect(ACTOR_SIDES.some((side) => allowedTransitions(status, side).length > 0)).toBe(true);
    }
  });
});

describe('rejection acknowledgement', () => {
  it('is possible once, on a rejected invoice only', () => {
    expect(checkRejectionAcknowledgement('REJETEE', false)).toEqual({ ok: true });
    expect(checkRejectionAcknowledgement('REJETEE', true)).toEqual({ ok: false, code: 'ALREADY_ACKNOWLEDGED' });
    for (const status of INVOICE_STATUSES.filter((s) => s !== 'REJETEE')) {
      expect(checkRejectionAcknowledgement(status, false)).toEqual({ ok: false, code: 'NOT_REJECTED' });
    }
  });

  it('does not change the status: REJETEE has no supplier transition', () => {
    expect(allowedTransitions('REJETEE', 'SUPPLIER')).toEqual([]);
  });
});

describe('supplier work list (Synthèse)', () => {
  it.each<[InvoiceStatus, boolean, boolean]>([
    ['BROUILLON', false, true],
    ['A_RECYCLER', false, true],
    ['SUSPENDUE', false, true],
    ['REJETEE', false, true],
    ['REJETEE', true, false],
    ['COMPLETEE', false, false],
    ['MISE_A_DISPOSITION', false, false],
    ['MISE_EN_PAIEMENT', false, false],
    ['DEPOSEE', false, false],
    ['A_VALIDER_1', false, false],
    ['REFUSEE_1', false, true],
  ])('%s (acknowledged: %p) needs action: %p', (status, acknowledged, expected) => {
    expect(needsSupplierAction(status, acknowledged)).toBe(expected);
  });

  it('matches the work-list statuses exactly', () => {
    expect(INVOICE_STATUSES.filter((status) => needsSupplierAction(status, false))).toEqual([...SUPPLIER_WORKLIST_STATUSES]);
    expect(needsSupplierAction('REJETEE')).toBe(true);
  });
});

describe('supplier visibility of MISE_EN_PAIEMENT', () => {
  const history: InvoiceStatus[] = ['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'COMPTABILISEE', 'MISE_EN_PAIEMENT'];

  it('shows the real current status when payment is reported', () => {
    expect(visibleStatusForSupplier(history, false)).toBe('MISE_EN_PAIEMENT');
    expect(isHiddenFromSupplier('MISE_EN_PAIEMENT', false)).toBe(false);
  });

  it('shows the status before MISE_EN_PAIEMENT when the recipient does not report it', () => {
    expect(visibleStatusForSupplier(history, true)).toBe('COMPTABILISEE');
    expect(visibleStatusForSupplier(['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'MISE_EN_PAIEMENT'], true)).toBe(
      'MISE_A_DISPOSITION',
    );
    expect(isHiddenFromSupplier('MISE_EN_PAIEMENT', true)).toBe(true);
  });

  it('hides nothing else', () => {
    for (const status of INVOICE_STATUSES.filter((s) => s !== 'MISE_EN_PAIEMENT')) {
      expect(isHiddenFromSupplier(status, true)).toBe(false);
    }
    expect(visibleStatusForSupplier(['DEPOSEE', 'MISE_A_DISPOSITION', 'REJETEE'], true)).toBe('REJETEE');
  });

  it('filters the history entries', () => {
    const entries = history.map((status, index) => ({ status, at: index }));
    expect(visibleHistoryForSupplier(entries, true).map((entry) => entry.status)).toEqual(history.slice(0, -1));
    expect(visibleHistoryForSupplier(entries, false)).toEqual(entries);
  });

  it('refuses an empty history', () => {
    expect(() => visibleStatusForSupplier([], false)).toThrow(RangeError);
    expect(() => visibleStatusForSupplier(['MISE_EN_PAIEMENT'], true)).toThrow(RangeError);
  });
});
