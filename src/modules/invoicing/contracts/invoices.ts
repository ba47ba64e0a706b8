import { EntityManager } from '@mikro-orm/postgresql';

/** What other contexts may know of an invoice: ids and routing, never the entity. */
export interface InvoiceFacts {
  id: string;
  publicId: number | null;
  number: string | null;
  invoiceDate: string | null;
  type: string;
  supplierStructureId: string;
  supplierServiceId: string | null;
  recipientStructureId: string | null;
  recipientServiceId: string | null;
  recipientServiceCode: string | null;
  engagementNumber: string | null;
  amountDue: string | null;
  currency: string;
  submittedAt: Date | null;
}

export interface CorrectedRouting {
  recipientStructureId?: string;
  recipientServiceCode?: string | null;
  engagementNumber?: string | null;
}

export abstract class InvoiceCatalog {
  abstract findFacts(invoiceId: string): Promise<InvoiceFacts | null>;
  abstract findFactsByIds(invoiceIds: readonly string[]): Promise<InvoiceFacts[]>;
}

/** Writes the lifecycle context makes on invoices, inside its own transaction (`em`). */
export abstract class InvoiceWrites {
  /** Updates the status read model used by search and export. */
  abstract projectStatus(em: EntityManager, invoiceId: string, status: string, supplierStatus: string, at: Date): Promise<void>;
  /** Recycling: applies a corrected recipient/service/engagement after checking the routing rules (same number). */
  abstract reroute(em: EntityManager, invoiceId: string, routing: CorrectedRouting): Promise<InvoiceFacts>;
}
