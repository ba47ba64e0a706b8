/** A ticket as other contexts may know it (webhooks' `ticket.updated`): its parties and state, never the entity. */
export interface TicketFacts {
  id: string;
  number: string;
  title: string;
  status: string;
  categoryCode: string;
  subCategoryCode: string;
  /** The invoice the ticket is about, when it is about one. */
  invoiceId: string | null;
  /** Null for a ticket from the public contact form. */
  emitterStructureId: string | null;
  emitterServiceId: string | null;
  /** Null for a ticket to the platform (its receivers are the administrators). */
  receiverStructureId: string | null;
  receiverServiceId: string | null;
}

export abstract class TicketCatalog {
  abstract findFacts(ticketId: string): Promise<TicketFacts | null>;
}
