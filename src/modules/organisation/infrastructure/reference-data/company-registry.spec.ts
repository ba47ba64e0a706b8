import { frenchVatNumberOf, isValidSiren, sirenOf, validateStructureIdentifier } from '../../domain/structure-identifier';
import { COMPANY_REGISTRY, DEMO_SUPPLIER_SIRET, findCompanyBySiret } from './company-registry';
import { PUBLIC_STRUCTURES } from './public-structures';

describe('company registry reference data', () => {
  it('has about eight companies plus the demo supplier', () => {
    expect(COMPANY_REGISTRY.length).toBeGreaterThanOrEqual(9);
  });

  it.each(COMPANY_REGISTRY.map((c) => [c.siret, c.companyName]))('%s (%s) is a valid SIRET with a valid SIREN', (siret) => {
    expect(validateStructureIdentifier('SIRET', siret)).toEqual({ ok: true, value: siret });
    expect(isValidSiren(sirenOf(siret))).toBe(true);
  });

  it.each(COMPANY_REGISTRY.map((c) => [c.companyName, c.vatNumber, c.siret]))('%s has the VAT number of its SIREN', (_name, vat, siret) => {
    expect(vat).toBe(frenchVatNumberOf(sirenOf(siret)));
  });

  it('has unique SIRETs, none shared with a public structure', () => {
    const sirets = COMPANY_REGISTRY.map((c) => c.siret);
    expect(new Set(sirets).size).toBe(sirets.length);
    const publicSirets = new Set(PUBLIC_STRUCTURES.map((s) => s.siret));
    expect(sirets.filter((s) => publicSirets.has(s))).toEqual([]);
  });

  it('has complete French addresses', () => {
    for (const c of COMPANY_REGISTRY) {
      expect(c.companyName.trim()).not.toBe('');
      expect(c.address.line1.trim()).not.toBe('');
      expect(c.address.city.trim()).not.toBe('');
      expect(c.address.postalCode).toMatch(/^\d{5}$/);
      expect(c.address.country).toBe('FR');
    }
  });
});

describe('findCompanyBySiret', () => {
  it('finds the demo supplier, spaces tolerated', () => {
    expect(findCompanyBySiret(DEMO_SUPPLIER_SIRET)?.companyName).toBe('Liasse Démo Fournisseur SAS');
    expect(findCompanyBySiret('912 345 675 00017')?.siret).toBe(DEMO_SUPPLIER_SIRET);
  });

  it('returns null for an unknown or a public SIRET', () => {
    expect(findCompanyBySiret('73282932000074')).toBeNull();
    expect(findCompanyBySiret('11000201100044')).toBeNull();
    expect(findCompanyBySiret('')).toBeNull();
  });
});
