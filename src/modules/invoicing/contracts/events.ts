/** Events of the invoicing context. */
export interface InvoicingEvents {
  'invoicing.invoice-submitted': { invoiceId: string; supplierStructureId: string; recipientStructureId: string };
  /** A flow was deposited (API mode): the worker reads it and submits its invoices. */
  'invoicing.flow-deposited': { flowId: string; flowNumber: string };
  /** A flow reached its final state (IN_INTEGRE, IN_INTEGRE_PARTIEL, IN_REJETE, IN_INCIDENTE). */
  'invoicing.flow-processed': { flowId: string; flowNumber: string; structureId: string; state: string; invoiceIds: string[] };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends InvoicingEvents {}
}
