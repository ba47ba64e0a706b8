import { Tx } from '../../../shared/persistence/tx';
import { Actor } from '../../../shared/auth/actor';
import { defineErrors } from '../../../shared/domain/domain-error';

/** Why a submission or a recycling is refused on `engagementNumber` (other contexts list them in their OpenAPI answers). */
export const EngagementChargeErrors = defineErrors('ENGAGEMENTS', {
  UNKNOWN_FOR_SUPPLIER: {
    status: 400,
    fr: "L'engagement {number} n'existe pas chez ce destinataire pour ce fournisseur.",
    en: 'Engagement {number} does not exist at this recipient for this supplier.',
  },
  NOT_ACTIVE: { status: 400, fr: "L'engagement {number} n'est pas actif.", en: 'Engagement {number} is not active.' },
  CURRENCY_MISMATCH: {
    status: 400,
    fr: "L'engagement {number} est en {engagementCurrency}, la facture en {invoiceCurrency}.",
    en: 'Engagement {number} is in {engagementCurrency}, the invoice in {invoiceCurrency}.',
  },
  EXCEEDED: {
    status: 400,
    fr: "La facture ({amount} TTC) dépasse ce qui reste de l'engagement {number} ({remaining}).",
    en: 'The invoice ({amount} incl. VAT) exceeds what is left of engagement {number} ({remaining}).',
  },
});

/** An engagement unknown to the caller (other contexts answer it for their routes too). */
export const EngagementReadErrors = defineErrors('ENGAGEMENTS', {
  ENGAGEMENT_NOT_FOUND: { status: 404, fr: 'Engagement introuvable.', en: 'Engagement not found.' },
});

/** An invoice at the moment it is charged to an engagement (submission, recycling). */
export interface InvoiceCharge {
  invoiceId: string;
  invoiceNumber: string;
  /** FACTURE or AVOIR: a credit note is never charged. */
  invoiceType: string;
  recipientStructureId: string;
  supplierStructureId: string;
  engagementNumber: string | null;
  /**
   * Whether the recipient's rules make the engagement number checked (its structure parameter, its
   * service's flag, or "service code or engagement" answered by the engagement): invoicing's routing
   * rules decide it; false only releases what the invoice consumed before.
   */
  checked: boolean;
  /** Total incl. VAT (totalInclTax): what an invoice consumes of an engagement. */
  amountInclTax: string;
  currency: string;
}

/**
 * What invoicing asks of engagements, inside its own transaction (`tx`): `charge` releases what the
 * invoice consumed until now (a recycled invoice) and, when checked, charges the engagement its number
 * names, or throws a DomainError on `engagementNumber` (unknown for that recipient and supplier, not
 * active, other currency, more than what is left). The charge is one conditional update of the
 * engagement's row, so concurrent invoices never consume more than its amount; it commits or rolls back
 * with the caller's transaction.
 */
export abstract class EngagementLedger {
  abstract charge(tx: Tx, invoice: InvoiceCharge): Promise<void>;
}

/** One engagement as the API mode lists it (engagementsJuridiques/v1/rechercher). */
export interface EngagementListing {
  id: string;
  publicId: number;
  number: string;
  type: string;
  status: string;
  structureId: string;
  serviceCode: string | null;
  serviceLabel: string | null;
  supplierStructureId: string | null;
  supplierIdentifier: string | null;
  notificationDate: string;
  createdAt: Date;
  amount: string;
  amountExclTax: string | null;
  consumed: string;
  remaining: string;
  currency: string;
  contractNumber: string | null;
}

export interface EngagementCriteria {
  /** issued: the caller's structures issued it; received: made to the caller's structures; undefined: both. */
  side?: 'issued' | 'received';
  number?: string;
  contractNumber?: string;
  /** The issuing structure. */
  structureId?: string;
  /** The supplier, by structure id or by SIRET. */
  supplierStructureId?: string;
  supplierIdentifier?: string;
  status?: string;
  notifiedFrom?: string;
  notifiedTo?: string;
  amountMin?: string;
  amountMax?: string;
  sort?: 'notificationDate' | 'createdAt' | 'number' | 'amount';
  direction?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** One engagement with the invoices charged to it, and how the caller sees it. */
export interface EngagementDetail extends EngagementListing {
  sides: ('ISSUER' | 'SUPPLIER')[];
  invoices: { invoiceId: string; invoiceNumber: string; amount: string; counts: boolean }[];
}

/** Engagements an actor may read (ENGAGEMENTS grant on the issuing or on the supplier structure). */
export abstract class EngagementDirectory {
  abstract search(actor: Actor, criteria: EngagementCriteria): Promise<{ items: EngagementListing[]; total: number }>;
  /** ENGAGEMENTS.ENGAGEMENT_NOT_FOUND (404) when there is none or the actor may not read it. */
  abstract detail(actor: Actor, engagementId: string): Promise<EngagementDetail>;
}
