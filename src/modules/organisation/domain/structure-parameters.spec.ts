import {
  DEFAULT_STRUCTURE_PARAMETERS,
  legalPaymentDelayDays,
  MOA_PRESENCES,
  PUBLIC_BODY_CATEGORIES,
} from './structure-parameters';

describe('legalPaymentDelayDays', () => {
  it('is 50 days for public health establishments', () => {
    expect(legalPaymentDelayDays('ETABLISSEMENT_PUBLIC_SANTE')).toBe(50);
  });

  it('is 60 days for public companies', () => {
    expect(legalPaymentDelayDays('ENTREPRISE_PUBLIQUE')).toBe(60);
  });

  it.each(['ETAT', 'COLLECTIVITE_TERRITORIALE', 'ETABLISSEMENT_PUBLIC_LOCAL', 'ETABLISSEMENT_PUBLIC_NATIONAL'] as const)(
    'is 30 days for %s',
    (category) => {
      expect(legalPaymentDelayDays(category)).toBe(30);
    },
  );

  it('has an answer for every category', () => {
    for (const category of PUBLIC_BODY_CATEGORIES) expect([30, 50, 60]).toContain(legalPaymentDelayDays(category));
  });
});

describe('parameters', () => {
  it('default to nothing required and no MOA', () => {
    expect(DEFAULT_STRUCTURE_PARAMETERS).toEqual({
      serviceCodeRequired: false,
      engagementRequired: false,
      serviceCodeOrEngagementRequired: false,
      paymentStatusNotReported: false,
      canReceiveEdi: false,
      moaPresence: 'NONE',
    });
    expect(Object.isFrozen(DEFAULT_STRUCTURE_PARAMETERS)).toBe(true);
  });

  it('know the three MOA presences', () => {
    expect(MOA_PRESENCES).toEqual(['NONE', 'WITH_MOA', 'ONLY_MOA']);
  });
});
