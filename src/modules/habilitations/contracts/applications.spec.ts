import {
  allGrants,
  APPLICATION_CODES,
  APPLICATIONS,
  applicationLabel,
  defaultGrantsForNewMember,
  hasGrant,
  intersectGrants,
  isApplicationCode,
  isGrantLevel,
  levelSatisfies,
  normalizeGrants,
  type Grant,
} from './applications';

describe('applications', () => {
  it('are the 13 applications of the domain, with stable codes in portal order', () => {
    expect(APPLICATION_CODES).toEqual([
      'FACTURES_EMISES',
      'FACTURES_RECUES',
      'FACTURES_A_VALIDER',
      'FACTURES_TRAVAUX',
      'FRAIS_JUSTICE',
      'REMBOURSEMENTS_TAXES',
      'ENGAGEMENTS',
      'SUIVI_FLUX',
      'RACCORDEMENTS',
      'SOLLICITATIONS_EMISES',
      'SOLLICITATIONS_RECUES',
      'MES_MESSAGES',
      'ORGANISATION',
    ]);
  });

  it('carry the French labels of the portal', () => {
    expect(APPLICATIONS.map((a) => a.labelFr)).toEqual([
      'Factures émises',
      'Factures reçues',
      'Factures à valider',
      'Factures de travaux',
      'Frais de justice',
      'Remboursements de taxes',
      'Engagements',
      'Suivi des flux',
      'Raccordements',
      'Sollicitations émises',
      'Sollicitations reçues',
      'Mes messages',
      'Organisation',
    ]);
  });

  it('have distinct non-empty English labels', () => {
    const labels = APPLICATIONS.map((a) => a.labelEn);
    expect(new Set(labels).size).toBe(APPLICATIONS.length);
    expect(labels.every((l) => l.trim().length > 0)).toBe(true);
  });

  it('label by language', () => {
    expect(applicationLabel('FACTURES_RECUES', 'fr')).toBe('Factures reçues');
    expect(applicationLabel('FACTURES_RECUES', 'en')).toBe('Received invoices');
  });

  it('recognise codes and levels exactly', () => {
    expect(isApplicationCode('SUIVI_FLUX')).toBe(true);
    expect(isApplicationCode('suivi_flux')).toBe(false);
    expect(isApplicationCode('FACTURES')).toBe(false);
    expect(isGrantLevel('MODIFICATION')).toBe(true);
    expect(isGrantLevel('ADMIN')).toBe(false);
  });
});

describe('levelSatisfies', () => {
  it.each([
    ['MODIFICATION', 'MODIFICATION', true],
    ['MODIFICATION', 'CONSULTATION', true],
    ['CONSULTATION', 'CONSULTATION', true],
    ['CONSULTATION', 'MODIFICATION', false],
  ] as const)('held %s, required %s → %s', (held, required, expected) => {
    expect(levelSatisfies(held, required)).toBe(expected);
  });
});

describe('hasGrant', () => {
  const grants: Grant[] = [
    { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
    { application: 'ORGANISATION', level: 'CONSULTATION' },
  ];

  it('answers per application and level', () => {
    expect(hasGrant(grants, 'FACTURES_EMISES', 'CONSULTATION')).toBe(true);
    expect(hasGrant(grants, 'FACTURES_EMISES', 'MODIFICATION')).toBe(true);
    expect(hasGrant(grants, 'ORGANISATION', 'CONSULTATION')).toBe(true);
    expect(hasGrant(grants, 'ORGANISATION', 'MODIFICATION')).toBe(false);
    expect(hasGrant(grants, 'FACTURES_RECUES', 'CONSULTATION')).toBe(false);
    expect(hasGrant([], 'FACTURES_EMISES', 'CONSULTATION')).toBe(false);
  });
});

describe('defaultGrantsForNewMember', () => {
  it('gives every application in MODIFICATION except Organisation, in CONSULTATION', () => {
    const grants = defaultGrantsForNewMember();
    expect(grants).toHaveLength(13);
    expect(grants.find((g) => g.application === 'ORGANISATION')).toEqual({ application: 'ORGANISATION', level: 'CONSULTATION' });
    const others = grants.filter((g) => g.application !== 'ORGANISATION');
    expect(others).toHaveLength(12);
    expect(others.every((g) => g.level === 'MODIFICATION')).toBe(true);
    expect(new Set(grants.map((g) => g.application)).size).toBe(13);
  });

  it('lets a new member read the structure but not manage it', () => {
    const grants = defaultGrantsForNewMember();
    expect(hasGrant(grants, 'ORGANISATION', 'CONSULTATION')).toBe(true);
    expect(hasGrant(grants, 'ORGANISATION', 'MODIFICATION')).toBe(false);
    expect(hasGrant(grants, 'FACTURES_EMISES', 'MODIFICATION')).toBe(true);
  });

  it('returns a fresh array each call', () => {
    const first = defaultGrantsForNewMember();
    first[0].level = 'CONSULTATION';
    first.pop();
    expect(defaultGrantsForNewMember()).toHaveLength(13);
    expect(defaultGrantsForNewMember()[0]).toEqual({ application: 'FACTURES_EMISES', level: 'MODIFICATION' });
  });
});

describe('allGrants', () => {
  it('gives every application in MODIFICATION (principal manager)', () => {
    const grants = allGrants();
    expect(grants.map((g) => g.application)).toEqual(APPLICATION_CODES);
    expect(grants.every((g) => g.level === 'MODIFICATION')).toBe(true);
    expect(APPLICATION_CODES.every((code) => hasGrant(grants, code, 'MODIFICATION'))).toBe(true);
  });

  it('differs from the new-member defaults only on Organisation', () => {
    const defaults = defaultGrantsForNewMember();
    const differences = allGrants().filter((g, i) => g.level !== defaults[i].level);
    expect(differences).toEqual([{ application: 'ORGANISATION', level: 'MODIFICATION' }]);
  });
});

describe('normalizeGrants', () => {
  it('keeps one grant per application at the highest level, in application order', () => {
    expect(
      normalizeGrants([
        { application: 'ORGANISATION', level: 'CONSULTATION' },
        { application: 'FACTURES_EMISES', level: 'CONSULTATION' },
        { application: 'ORGANISATION', level: 'MODIFICATION' },
        { application: 'FACTURES_EMISES', level: 'CONSULTATION' },
        { application: 'SUIVI_FLUX', level: 'MODIFICATION' },
        { application: 'SUIVI_FLUX', level: 'CONSULTATION' },
      ]),
    ).toEqual([
      { application: 'FACTURES_EMISES', level: 'CONSULTATION' },
      { application: 'SUIVI_FLUX', level: 'MODIFICATION' },
      { application: 'ORGANISATION', level: 'MODIFICATION' },
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(normalizeGrants([])).toEqual([]);
  });
});

describe('intersectGrants', () => {
  it('keeps each own grant at the lower of the two levels, and none the holder lacks', () => {
    const own: Grant[] = [
      { application: 'ORGANISATION', level: 'MODIFICATION' },
      { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
      { application: 'FACTURES_RECUES', level: 'CONSULTATION' },
      { application: 'SUIVI_FLUX', level: 'MODIFICATION' },
    ];
    const held = defaultGrantsForNewMember().filter((g) => g.application !== 'SUIVI_FLUX');
    expect(intersectGrants(own, held)).toEqual([
      { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
      { application: 'FACTURES_RECUES', level: 'CONSULTATION' },
      { application: 'ORGANISATION', level: 'CONSULTATION' },
    ]);
    expect(intersectGrants(own, allGrants())).toEqual(normalizeGrants(own));
    expect(intersectGrants(own, [])).toEqual([]);
  });
});
