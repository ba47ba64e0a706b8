import { allGrants, defaultGrantsForNewMember } from '../contracts/applications';
import { Membership, MembershipStatus } from './membership.entity';

const now = new Date('2026-01-01T00:00:00Z');

describe('Membership.allows', () => {
  it('follows the grants: default members read Organisation but do not modify it', () => {
    const m = new Membership({ userId: 'u', structureId: 's', grants: defaultGrantsForNewMember(), now });
    expect(m.allows('ORGANISATION', 'CONSULTATION')).toBe(true);
    expect(m.allows('ORGANISATION', 'MODIFICATION')).toBe(false);
    expect(m.allows('FACTURES_EMISES', 'MODIFICATION')).toBe(true);
  });

  it('gives the principal manager everything, whatever is stored', () => {
    const m = new Membership({ userId: 'u', structureId: 's', grants: [], now });
    m.makePrincipal(now);
    m.grants = [];
    expect(m.effectiveGrants()).toEqual(allGrants());
    expect(m.allows('ORGANISATION', 'MODIFICATION')).toBe(true);
  });

  it('lets a service-level member pass service checks for his service only', () => {
    const m = new Membership({ userId: 'u', structureId: 's', serviceId: 'svc-a', grants: defaultGrantsForNewMember(), now });
    expect(m.allows('FACTURES_RECUES', 'CONSULTATION', 'svc-a')).toBe(true);
    expect(m.allows('FACTURES_RECUES', 'CONSULTATION', 'svc-b')).toBe(false);
    const structureLevel = new Membership({ userId: 'u', structureId: 's', grants: defaultGrantsForNewMember(), now });
    expect(structureLevel.allows('FACTURES_RECUES', 'CONSULTATION', 'svc-b')).toBe(true);
  });

  it('keeps data attached to no service (null) from service-level members', () => {
    const m = new Membership({ userId: 'u', structureId: 's', serviceId: 'svc-a', grants: defaultGrantsForNewMember(), now });
    expect(m.allows('FACTURES_EMISES', 'CONSULTATION', null)).toBe(false);
    expect(m.allows('FACTURES_EMISES', 'CONSULTATION')).toBe(true);
    const structureLevel = new Membership({ userId: 'u', structureId: 's', grants: defaultGrantsForNewMember(), now });
    expect(structureLevel.allows('FACTURES_EMISES', 'CONSULTATION', null)).toBe(true);
  });

  it('allows nothing once detached', () => {
    const m = new Membership({ userId: 'u', structureId: 's', grants: allGrants(), now });
    m.status = MembershipStatus.DETACHED;
    expect(m.allows('FACTURES_EMISES', 'CONSULTATION')).toBe(false);
  });

  it('stores grants normalised (one per application, highest level)', () => {
    const m = new Membership({
      userId: 'u',
      structureId: 's',
      grants: [
        { application: 'ORGANISATION', level: 'CONSULTATION' },
        { application: 'ORGANISATION', level: 'MODIFICATION' },
      ],
      now,
    });
    expect(m.grants).toEqual([{ application: 'ORGANISATION', level: 'MODIFICATION' }]);
  });
});
