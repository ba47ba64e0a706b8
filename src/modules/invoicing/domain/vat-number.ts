/**
 * The French intracommunity VAT number of a company, from its SIREN (the first 9 digits of a SIRET):
 * FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. A company that charges French VAT has this
 * number by construction, so a document may state it when the structure did not record one (EN 16931
 * BR-S-02 and its siblings require the seller's VAT identifier).
 */
export function frenchVatNumberOf(siret: string): string | null {
  if (!/^\d{9}(\d{5})?$/.test(siret)) return null;
  const siren = siret.slice(0, 9);
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}
