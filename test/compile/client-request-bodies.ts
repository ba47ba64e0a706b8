/**
 * Compiled (never run) by test/e2e/generated-client-types.e2e-spec.ts against the client types generated
 * from openapi/openapi.json: what an integrator writes with openapi-typescript + openapi-fetch. Each body is
 * typed `Complete<…>`, so the compiler itself requires EVERY optional field of the structure, service and
 * invoice request bodies (a field added to a DTO breaks this file until it is written here), with a value of
 * the type an integrator sends: a nullable text takes a string and null.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../generated/liasse-api';

type Schemas = components['schemas'];
/** Every property required, down the tree (array elements included). */
type Complete<T> = T extends Array<infer U> ? Array<Complete<U>> : T extends object ? { [K in keyof T]-?: Complete<T[K]> } : T;

const address: Complete<Schemas['StructureAddressDto']> = {
  line1: '139 rue de Bercy',
  line2: 'Bâtiment A',
  line3: null,
  postalCode: '75012',
  city: 'Paris',
  country: 'FR',
};

const createStructure: Complete<Schemas['CreateStructureDto']> = {
  identifierType: 'SIRET',
  identifier: '91234567500017',
  structureType: 'PRIVEE',
  companyName: 'Liasse Démo Fournisseur SAS',
  label: 'Siège',
  email: 'factures@example.org',
  phone: '+33 1 23 45 67 89',
  rcsNumber: 'RCS Paris 912 345 675',
  vatNumber: 'FR32912345675',
  nonDiffusible: false,
  address,
};

const updateStructure: Complete<Schemas['UpdateStructureDto']> = {
  companyName: 'Liasse Démo Fournisseur SAS',
  label: null,
  email: null,
  phone: null,
  rcsNumber: null,
  vatNumber: null,
  nonDiffusible: true,
  paymentDelayDays: 30,
  address: { ...address, line2: null, line3: 'Cedex 12' },
  parameters: {
    canReceiveEdi: true,
    engagementRequired: false,
    moaPresence: 'NONE',
    paymentStatusNotReported: false,
    serviceCodeOrEngagementRequired: false,
    serviceCodeRequired: true,
  },
};

const createService: Complete<Schemas['CreateServiceDto']> = {
  code: 'SERVICE_ACHATS',
  label: 'Service des achats',
  description: 'Achats de fournitures',
  activationStart: '2026-01-01',
  activationEnd: '2026-12-31',
  active: true,
  engagementRequired: false,
};

const updateService: Complete<Schemas['UpdateServiceDto']> = {
  code: 'SERVICE_ACHATS',
  label: 'Service des achats',
  description: null,
  activationStart: '2026-01-01',
  activationEnd: null,
  active: false,
  engagementRequired: true,
};

const invoice: Complete<Schemas['UpdateDraftDto']> = {
  type: 'FACTURE',
  depositMode: 'SAISIE_API',
  billingFramework: 'A1_FACTURE_FOURNISSEUR',
  number: 'F-2026-0001',
  invoiceDate: '2026-03-01',
  currency: 'EUR',
  supplierServiceId: null,
  bankAccountId: null,
  recipientStructureId: null,
  recipientIdentifier: '11000201100044',
  recipientIsState: false,
  recipientServiceCode: 'SERVICE_ACHATS',
  validatorStructureId: null,
  validatorIdentifier: '11000201100044',
  engagementNumber: 'EJ-2026-42',
  contractNumber: null,
  comment: 'Livraison de mars',
  vatRegime: 'TVA_SUR_DEBIT',
  paymentMode: 'VIREMENT',
  totalExclTax: '1200.00',
  totalVat: '240.00',
  totalInclTax: '1440.00',
  amountDue: '1440.00',
  lines: [{ description: 'Abonnement annuel', quantity: '1', unitPrice: '1200.00', priceBaseQuantity: '12', vatRate: '20', amountExclTax: '1200.00' }],
  vatBreakdown: [{ rate: '20', taxableAmount: '1200.00', vatAmount: '240.00' }],
};

const createDraft: Complete<Schemas['CreateDraftDto']> = { ...invoice, supplierStructureId: '6f1c2b9e-0000-4000-8000-000000000001' };

/** The calls themselves: each body is accepted by its operation as generated. */
export async function callEveryBody(baseUrl: string, accessToken: string): Promise<void> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${accessToken}` } });
  const created = await client.POST('/api/v1/structures', { body: createStructure });
  const id = created.data?.id ?? 'unknown';
  await client.PATCH('/api/v1/structures/{id}', { params: { path: { id } }, body: updateStructure });
  // The body of docs/structures-and-rights.md, as written there.
  await client.PATCH('/api/v1/structures/{id}', { params: { path: { id } }, body: { label: 'Siège' } });
  const service = await client.POST('/api/v1/structures/{id}/services', { params: { path: { id } }, body: createService });
  const serviceId = service.data?.id ?? 'unknown';
  await client.PATCH('/api/v1/structures/{id}/services/{serviceId}', { params: { path: { id, serviceId } }, body: updateService });
  const draft = await client.POST('/api/v1/invoices', { body: createDraft });
  await client.PATCH('/api/v1/invoices/{id}', { params: { path: { id: draft.data?.id ?? 'unknown' } }, body: invoice });
}
