import { allGrants, defaultGrantsForNewMember, Grant } from '../../habilitations/contracts/applications';
import { grantsBeyond, isStructureManager, mayManageTechnicalAccounts } from './technical-account-rules';

const managerGrants = (): Grant[] => defaultGrantsForNewMember().map((g) => (g.application === 'ORGANISATION' ? { ...g, level: 'MODIFICATION' } : g));

describe('technical account rules', () => {
  it('reserve managing technical accounts to the principal and structure-level managers holding Raccordements – modification', () => {
    expect(mayManageTechnicalAccounts({ principal: true, serviceId: null, grants: allGrants() })).toBe(true);
    expect(mayManageTechnicalAccounts({ principal: false, serviceId: null, grants: managerGrants() })).toBe(true);
    // The default grants: Organisation in consultation only.
    expect(mayManageTechnicalAccounts({ principal: false, serviceId: null, grants: defaultGrantsForNewMember() })).toBe(false);
    // A manager without Raccordements – modification.
    const noConnections = managerGrants().map((g) => (g.application === 'RACCORDEMENTS' ? { ...g, level: 'CONSULTATION' as const } : g));
    expect(mayManageTechnicalAccounts({ principal: false, serviceId: null, grants: noConnections })).toBe(false);
    expect(isStructureManager({ principal: false, serviceId: null, grants: noConnections })).toBe(true);
    // Service-level, whatever the grants.
    expect(mayManageTechnicalAccounts({ principal: false, serviceId: 'svc', grants: allGrants() })).toBe(false);
    expect(isStructureManager({ principal: false, serviceId: 'svc', grants: allGrants() })).toBe(false);
    expect(mayManageTechnicalAccounts(null)).toBe(false);
  });

  it('name the grants a creator does not hold', () => {
    const held: Grant[] = [
      { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
      { application: 'SUIVI_FLUX', level: 'CONSULTATION' },
    ];
    expect(
      grantsBeyond(
        [
          { application: 'FACTURES_EMISES', level: 'CONSULTATION' },
          { application: 'SUIVI_FLUX', level: 'MODIFICATION' },
          { application: 'ORGANISATION', level: 'CONSULTATION' },
        ],
        held,
      ),
    ).toEqual(['SUIVI_FLUX', 'ORGANISATION']);
    expect(grantsBeyond(held, held)).toEqual([]);
  });
});
