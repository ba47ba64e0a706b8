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

export abstract class InvoiceCatalog {
  abstract findFacts(invoiceId: string): Promise<InvoiceFacts | null>;
  abstract findFactsByIds(invoiceIds: readonly string[]): Promise<InvoiceFacts[]>;
  /**
   * Those of `invoiceIds` their recipient may not see (yet): drafts, and a validation circuit's invoices still
   * with their validator or refused by it (architecture D25). For other contexts' reads that show a recipient
   * invoices by id (an engagement's charges).
   */
  abstract hiddenFromRecipient(invoiceIds: readonly string[]): Promise<Set<string>>;
}

/** A submitted invoice as a reference for other contexts (support tickets about an invoice). */
export interface InvoiceReference {
  id: string;
  number: string;
  supplierStructureId: string;
  supplierServiceId: string | null;
  recipientStructureId: string | null;
  recipientServiceId: string | null;
  /** What the recipient sees. */
  status: string;
  /** What the supplier sees (MISE_EN_PAIEMENT may be hidden). */
  supplierStatus: string;
}

export abstract class InvoiceLookup {
  /**
   * The most recent submitted invoice with this number whose supplier or recipient is one of
   * `structureIds` (the structures the caller may see invoices of), or null. Drafts are never found.
   */
  abstract findByNumber(structureIds: readonly string[], number: string): Promise<InvoiceReference | null>;
  abstract findReference(invoiceId: string): Promise<InvoiceReference | null>;
}
