import { GivenUser, givenActiveUser, waitUntil } from './accounts';
import { givenMember, givenStructure, GivenStructure, multipart, TINY_PDF, validSiret } from './organisation';
import { TestApp } from '../support/test-app';

export interface PublicRecipient extends GivenStructure {
  manager: GivenUser;
  /** A member with the default grants (Factures reçues – modification). */
  clerk: GivenUser;
  services: Record<string, string>;
}

export interface RecipientOptions {
  parameters?: Record<string, boolean>;
  paymentDelayDays?: number;
  services?: { code: string; active?: boolean; engagementRequired?: boolean }[];
  active?: boolean;
}

/** A public structure created by an administrator, with parameters, services and one clerk. */
export async function givenPublicRecipient(t: TestApp, options: RecipientOptions = {}): Promise<PublicRecipient> {
  const manager = await givenActiveUser(t, { isAdmin: true, firstName: 'Admin' });
  const structure = await givenStructure(t, manager, { structureType: 'PUBLIQUE', companyName: `Commune ${validSiret().slice(-4)}` });
  if (options.parameters || options.paymentDelayDays) {
    const res = await t.http.patch(`/api/v1/structures/${structure.id}`, { parameters: options.parameters, paymentDelayDays: options.paymentDelayDays }, { token: manager.token });
    if (res.status !== 200) throw new Error(`structure update failed: ${res.status} ${res.text}`);
  }
  const services: Record<string, string> = {};
  for (const s of options.services ?? []) {
    const res = await t.http.post(
      `/api/v1/structures/${structure.id}/services`,
      { code: s.code, label: `Service ${s.code}`, activationStart: '2020-01-01', active: s.active ?? true, engagementRequired: s.engagementRequired ?? false },
      { token: manager.token },
    );
    if (res.status !== 201) throw new Error(`service creation failed: ${res.status} ${res.text}`);
    services[s.code] = res.body.id;
  }
  const clerk = await givenActiveUser(t, { firstName: 'Agent' });
  await givenMember(t, manager, structure.id, clerk);
  if (options.active === false) {
    const res = await t.http.post(`/api/v1/structures/${structure.id}/deactivation`, {}, { token: manager.token });
    if (res.status >= 300) throw new Error(`deactivation failed: ${res.status} ${res.text}`);
  }
  return { ...structure, manager, clerk, services };
}

export interface Supplier extends GivenStructure {
  owner: GivenUser;
}

export async function givenSupplier(t: TestApp): Promise<Supplier> {
  const owner = await givenActiveUser(t, { firstName: 'Fournisseur' });
  return { ...(await givenStructure(t, owner)), owner };
}

let counter = 0;
export const uniqueNumber = (): string => `F-${Date.now().toString(36)}-${++counter}`.slice(0, 20);

export function draftBody(supplier: Supplier, recipient: { id: string }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    supplierStructureId: supplier.id,
    recipientStructureId: recipient.id,
    number: uniqueNumber(),
    invoiceDate: '2026-03-15',
    type: 'FACTURE',
    billingFramework: 'A1_FACTURE_FOURNISSEUR',
    currency: 'EUR',
    paymentMode: 'VIREMENT',
    vatRegime: 'TVA_SUR_DEBIT',
    totalExclTax: '1000.00',
    totalVat: '200.00',
    totalInclTax: '1200.00',
    amountDue: '1200.00',
    vatBreakdown: [{ rate: '20', taxableAmount: '1000.00', vatAmount: '200.00' }],
    ...overrides,
  };
}

/** A `soumettre` body (SAISIE_API unless `extra` says otherwise) from `supplier` to `recipient`'s service SERV-01. */
export function soumettreBody(supplier: Supplier, recipient: { identifier: string }, numeroFactureSaisi: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    modeDepot: 'SAISIE_API',
    numeroFactureSaisi,
    dateFacture: '2026-03-15',
    destinataire: { codeDestinataire: recipient.identifier, codeServiceExecutant: 'SERV-01' },
    fournisseur: { idFournisseur: supplier.publicId },
    cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
    references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT' },
    montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
    ligneTva: [{ ligneTvaTauxValeur: 20, ligneTvaMontantBaseHtParTaux: 1000, ligneTvaMontantTvaParTaux: 200 }],
    ...extra,
  };
}

export async function createDraft(t: TestApp, token: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.http.post('/api/v1/invoices', body, { token });
  if (res.status !== 201) throw new Error(`draft failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

export async function attachMainPdf(t: TestApp, token: string, invoiceId: string, content: Buffer = TINY_PDF) {
  const { payload, headers } = multipart({ kind: 'main' }, { name: 'facture.pdf', type: 'application/pdf', content });
  return t.http.post(`/api/v1/invoices/${invoiceId}/files`, undefined, { token, payload, headers });
}

/** Waits until the invoice shows `status` to `token`'s owner (the outbox is flushed on each try). */
export async function waitForStatus(t: TestApp, token: string, invoiceId: string, status: string): Promise<Record<string, any>> {
  let last: Record<string, any> = {};
  await waitUntil(async () => {
    await t.flushOutbox();
    last = (await t.http.get(`/api/v1/invoices/${invoiceId}`, { token })).body;
    return last.status === status;
  }).catch(() => {
    throw new Error(`invoice ${invoiceId} never reached ${status}; last: ${JSON.stringify(last).slice(0, 300)}`);
  });
  return last;
}

/** A submitted invoice made available to the recipient. */
export async function givenAvailableInvoice(t: TestApp, supplier: Supplier, recipient: PublicRecipient, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, overrides));
  const sent = await t.http.post(`/api/v1/invoices/${id}/submission`, undefined, { token: supplier.owner.token });
  if (sent.status !== 204) throw new Error(`submission failed: ${sent.status} ${sent.text}`);
  await waitForStatus(t, recipient.clerk.token, id, 'MISE_A_DISPOSITION');
  return id;
}
