import { isIsoCalendarDate, isServiceOpen } from '../../domain/service-availability';
import { isValidSiren, sirenOf, STATE_SIRET, validateStructureIdentifier } from '../../domain/structure-identifier';
import { MOA_PRESENCES } from '../../domain/structure-parameters';
import { findPublicStructureBySiret, PUBLIC_STRUCTURES, type PublicStructureSeed } from './public-structures';

// A date after every seeded activationEnd, so the test does not depend on the clock.
const TODAY = '2025-06-01';

function byCompanyName(prefix: string): PublicStructureSeed {
  const found = PUBLIC_STRUCTURES.find((s) => s.companyName.startsWith(prefix));
  if (!found) throw new Error(`no seeded structure named ${prefix}…`);
  return found;
}

describe('public structures seed', () => {
  it('has about twelve structures', () => {
    expect(PUBLIC_STRUCTURES.length).toBeGreaterThanOrEqual(10);
    expect(PUBLIC_STRUCTURES.length).toBeLessThanOrEqual(15);
  });

  it.each(PUBLIC_STRUCTURES.map((s) => [s.siret, s.companyName]))('%s (%s) is a valid SIRET with a valid SIREN', (siret) => {
    expect(validateStructureIdentifier('SIRET', siret)).toEqual({ ok: true, value: siret });
    expect(isValidSiren(sirenOf(siret))).toBe(true);
  });

  it('has unique SIRETs', () => {
    const sirets = PUBLIC_STRUCTURES.map((s) => s.siret);
    expect(new Set(sirets).size).toBe(sirets.length);
  });

  it('is public, identified by SIRET, with complete French addresses', () => {
    for (const s of PUBLIC_STRUCTURES) {
      expect(s.structureType).toBe('PUBLIQUE');
      expect(s.identifierType).toBe('SIRET');
      expect(s.companyName.trim()).not.toBe('');
      expect(s.address.line1.trim()).not.toBe('');
      expect(s.address.postalCode).toMatch(/^\d{5}$/);
      expect(s.address.country).toBe('FR');
      expect(MOA_PRESENCES).toContain(s.parameters.moaPresence);
    }
  });

  it('spreads over the main cities', () => {
    const cities = new Set(PUBLIC_STRUCTURES.map((s) => s.address.city));
    for (const city of ['Paris', 'Lyon', 'Bordeaux', 'Lille', 'Nantes', 'Toulouse', 'Marseille', 'Strasbourg']) {
      expect(cities).toContain(city);
    }
  });

  it('has a postal code in the city département (first two digits)', () => {
    const departments: Record<string, string> = {
      Paris: '75', Lyon: '69', Bordeaux: '33', Lille: '59', Nantes: '44', Toulouse: '31', Marseille: '13', Strasbourg: '67',
    };
    for (const s of PUBLIC_STRUCTURES) expect(s.address.postalCode.slice(0, 2)).toBe(departments[s.address.city]);
  });

  it('never sets "either one" on top of a stricter requirement (it would mean nothing)', () => {
    for (const { parameters: p } of PUBLIC_STRUCTURES) {
      if (p.serviceCodeOrEngagementRequired) {
        expect(p.serviceCodeRequired || p.engagementRequired).toBe(false);
      }
    }
  });

  describe('services', () => {
    const all = PUBLIC_STRUCTURES.flatMap((s) => s.services.map((service) => ({ structure: s, service })));

    it('have codes unique within their structure', () => {
      for (const s of PUBLIC_STRUCTURES) {
        const codes = s.services.map((service) => service.code);
        expect(new Set(codes).size).toBe(codes.length);
      }
    });

    it('have codes, labels and descriptions', () => {
      for (const { service } of all) {
        expect(service.code).toMatch(/^[A-Z0-9_]{2,100}$/);
        expect(service.label.trim()).not.toBe('');
        expect(service.description.trim()).not.toBe('');
      }
    });

    it('have real calendar dates, the end after the start', () => {
      for (const { service } of all) {
        expect(isIsoCalendarDate(service.activationStart)).toBe(true);
        if (service.activationEnd !== undefined) {
          expect(isIsoCalendarDate(service.activationEnd)).toBe(true);
          expect(service.activationEnd >= service.activationStart).toBe(true);
        }
      }
    });

    it('include an inactive one and one whose activation ended although its flag is on', () => {
      expect(all.some(({ structure, service }) => structure.siret !== STATE_SIRET && !service.active)).toBe(true);
      const ended = all.filter(({ service }) => service.active && service.activationEnd !== undefined && service.activationEnd < TODAY);
      expect(ended.length).toBeGreaterThan(0);
      for (const { service } of ended) expect(isServiceOpen(service, TODAY)).toBe(false);
    });

    it('leave every structure at least one open service', () => {
      for (const s of PUBLIC_STRUCTURES) expect(s.services.some((service) => isServiceOpen(service, TODAY))).toBe(true);
    });
  });
});

describe('required scenarios', () => {
  it('the State: SIRET 11000201100044, service code and engagement required, 6+ services, one inactive', () => {
    const state = findPublicStructureBySiret(STATE_SIRET);
    expect(state).not.toBeNull();
    if (!state) return;
    expect(state.companyName).toBe('ETAT');
    expect(state.category).toBe('ETAT');
    expect(state.parameters.serviceCodeRequired).toBe(true);
    expect(state.parameters.engagementRequired).toBe(true);
    expect(state.paymentDelayDays).toBe(30);
    expect(state.services.length).toBeGreaterThanOrEqual(6);
    expect(state.services.filter((s) => s.active).length).toBeGreaterThanOrEqual(6);
    expect(state.services.some((s) => !s.active)).toBe(true);
    expect(state.services.every((s) => s.code.startsWith('FACTURES_'))).toBe(true);
  });

  it('a commune requiring an engagement number only', () => {
    const commune = byCompanyName('COMMUNE DE LYON');
    expect(commune.category).toBe('COLLECTIVITE_TERRITORIALE');
    expect(commune.parameters).toMatchObject({ engagementRequired: true, serviceCodeRequired: false, serviceCodeOrEngagementRequired: false });
  });

  it('a département requiring a service code only', () => {
    const departement = byCompanyName('DEPARTEMENT');
    expect(departement.parameters).toMatchObject({ serviceCodeRequired: true, engagementRequired: false });
  });

  it('a région requiring either one', () => {
    const region = byCompanyName('REGION');
    expect(region.parameters).toMatchObject({ serviceCodeOrEngagementRequired: true, serviceCodeRequired: false, engagementRequired: false });
  });

  it('hospitals have the 50-day delay, everyone else 30', () => {
    const hospitals = PUBLIC_STRUCTURES.filter((s) => s.category === 'ETABLISSEMENT_PUBLIC_SANTE');
    expect(hospitals.map((s) => s.companyName)).toContain('CENTRE HOSPITALIER UNIVERSITAIRE DE TOULOUSE');
    for (const s of PUBLIC_STRUCTURES) expect(s.paymentDelayDays).toBe(s.category === 'ETABLISSEMENT_PUBLIC_SANTE' ? 50 : 30);
  });

  it('a university', () => {
    expect(byCompanyName('NANTES UNIVERSITE').category).toBe('ETABLISSEMENT_PUBLIC_NATIONAL');
  });

  it('every MOA presence and EDI reception appear', () => {
    const presences = new Set(PUBLIC_STRUCTURES.map((s) => s.parameters.moaPresence));
    expect([...presences].sort()).toEqual([...MOA_PRESENCES].sort());
    expect(PUBLIC_STRUCTURES.some((s) => s.parameters.canReceiveEdi)).toBe(true);
    expect(PUBLIC_STRUCTURES.some((s) => s.parameters.paymentStatusNotReported)).toBe(true);
  });
});

describe('findPublicStructureBySiret', () => {
  it('tolerates spaces and returns null when unknown', () => {
    expect(findPublicStructureBySiret('110 002 011 00044')?.companyName).toBe('ETAT');
    expect(findPublicStructureBySiret('73282932000074')).toBeNull();
  });
});
