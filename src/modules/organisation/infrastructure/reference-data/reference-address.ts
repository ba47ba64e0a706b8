/** Postal address as carried by the seeded reference data (French addresses only). */
export interface ReferenceAddress {
  line1: string;
  postalCode: string;
  city: string;
  country: 'FR';
}
