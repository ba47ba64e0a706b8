import { BillingMandate, mandateDay, mandateStateOn, MandateStatus } from './billing-mandate.entity';

describe('billing mandate rules', () => {
  const mandate = (status: MandateStatus, startDate: string, endDate: string | null) => ({ status, startDate, endDate });

  it('is active only when accepted and within its dates, both days included', () => {
    expect(mandateStateOn(mandate(MandateStatus.ACTIVE, '2026-01-01', '2026-01-31'), '2026-01-01')).toBe('ACTIVE');
    expect(mandateStateOn(mandate(MandateStatus.ACTIVE, '2026-01-01', '2026-01-31'), '2026-01-31')).toBe('ACTIVE');
    expect(mandateStateOn(mandate(MandateStatus.ACTIVE, '2026-01-01', '2026-01-31'), '2026-02-01')).toBe('EXPIRED');
    expect(mandateStateOn(mandate(MandateStatus.ACTIVE, '2026-01-02', null), '2026-01-01')).toBe('NOT_STARTED');
    expect(mandateStateOn(mandate(MandateStatus.ACTIVE, '2026-01-01', null), '2099-12-31')).toBe('ACTIVE');
    expect(mandateStateOn(mandate(MandateStatus.PENDING, '2026-01-01', null), '2026-01-05')).toBe('PENDING');
    expect(mandateStateOn(mandate(MandateStatus.REVOKED, '2026-01-01', null), '2026-01-05')).toBe('REVOKED');
  });

  it('counts days in France: 23:30 UTC on 31 December is already 1 January in Paris', () => {
    expect(mandateDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(mandateDay(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('names each side’s structure and records history in order', () => {
    const m = new BillingMandate({ mandatorStructureId: 'a', mandataryStructureId: 'b', initiatedBy: 'MANDATARY', startDate: '2026-01-01', endDate: null, now: new Date('2026-01-01T10:00:00Z') });
    expect([m.structureOf('MANDATOR'), m.structureOf('MANDATARY')]).toEqual(['a', 'b']);
    m.record('SUBSCRIBED', 'MANDATARY', 'u1', new Date('2026-01-01T10:00:00Z'));
    m.record('ACCEPTED', 'MANDATOR', 'u2', new Date('2026-01-02T10:00:00Z'), 'ok');
    expect(m.history.map((h) => [h.action, h.side, h.comment])).toEqual([
      ['SUBSCRIBED', 'MANDATARY', null],
      ['ACCEPTED', 'MANDATOR', 'ok'],
    ]);
    expect(m.number).toMatch(/^MDT-[0-9A-F]{12}$/);
  });
});
