import { isConfidential, publicViewOf } from './structure-disclosure';

describe('structure disclosure', () => {
  const details = {
    email: 'compta@example.test',
    phone: '0102030405',
    address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    vatNumber: 'FR65912345675',
    rcsNumber: 'RCS Paris 912 345 675',
  };

  it('treats private and non-diffusible structures as confidential, public diffusible ones as not', () => {
    expect(isConfidential({ structureType: 'PRIVEE', nonDiffusible: false })).toBe(true);
    expect(isConfidential({ structureType: 'PRIVEE', nonDiffusible: true })).toBe(true);
    expect(isConfidential({ structureType: 'PUBLIQUE', nonDiffusible: true })).toBe(true);
    expect(isConfidential({ structureType: 'PUBLIQUE', nonDiffusible: false })).toBe(false);
    // An unknown type is not public: confidential by default.
    expect(isConfidential({ structureType: '', nonDiffusible: false })).toBe(true);
  });

  it('hides every contact detail of a confidential structure and keeps the rest', () => {
    const s = { id: 'x', companyName: 'Société', structureType: 'PRIVEE', nonDiffusible: false, rules: { engagementRequired: true }, ...details };
    expect(publicViewOf(s)).toEqual({ id: 'x', companyName: 'Société', structureType: 'PRIVEE', nonDiffusible: false, rules: { engagementRequired: true }, email: null, phone: null, address: null, vatNumber: null, rcsNumber: null });
    // The original is not modified.
    expect(s.email).toBe(details.email);
    expect(publicViewOf({ ...s, structureType: 'PUBLIQUE', nonDiffusible: true }).address).toBeNull();
  });

  it('returns a public diffusible structure whole', () => {
    const s = { structureType: 'PUBLIQUE', nonDiffusible: false, ...details };
    expect(publicViewOf(s)).toBe(s);
  });

  it('does not add fields a view did not have', () => {
    expect(publicViewOf({ structureType: 'PRIVEE', nonDiffusible: false, email: 'a@b.test' })).toEqual({ structureType: 'PRIVEE', nonDiffusible: false, email: null });
  });
});
