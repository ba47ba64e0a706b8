import { allGrants, defaultGrantsForNewMember, Grant } from './applications';
import { isStructureManager, managesConnections } from './managers';

const managerGrants = (): Grant[] => defaultGrantsForNewMember().map((g) => (g.application === 'ORGANISATION' ? { ...g, level: 'MODIFICATION' } : g));

describe('structure and connections managers', () => {
  it('reserve managing connections (technical accounts, webhook subscriptions) to the principal and structure-level managers holding Raccordements – modification', () => {
    expect(managesConnections({ principal: true, serviceId: null, grants: allGrants() })).toBe(true);
    expect(managesConnections({ principal: false, serviceId: null, grants: managerGrants() })).toBe(true);
    // The default grants: Organisation in consultation only.
    expect(managesConnections({ principal: false, serviceId: null, grants: defaultGrantsForNewMember() })).toBe(false);
    // A manager without Raccordements – modification.
    const noConnections = managerGrants().map((g) => (g.application === 'RACCORDEMENTS' ? { ...g, level: 'CONSULTATION' as const } : g));
    expect(managesConnections({ principal: false, serviceId: null, grants: noConnections })).toBe(false);
    expect(isStructureManager({ principal: false, serviceId: null, grants: noConnections })).toBe(true);
    // Service-level, whatever the grants.
    expect(managesConnections({ principal: false, serviceId: 'svc', grants: allGrants() })).toBe(false);
    expect(isStructureManager({ principal: false, serviceId: 'svc', grants: allGrants() })).toBe(false);
    expect(managesConnections(null)).toBe(false);
  });
});
