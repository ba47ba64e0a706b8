import { Grant } from '../../habilitations/contracts/applications';
import { grantsBeyond } from './technical-account-rules';

describe('technical account rules', () => {
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
