/** Events of the lifecycle context. */
export interface LifecycleEvents {
  'lifecycle.status-changed': {
    invoiceId: string;
    from: string;
    to: string;
    supplierStructureId: string;
    recipientStructureId: string | null;
    comment: string | null;
    /**
     * The payment deadline after the change (YYYY-MM-DD, null while no payment clock runs), so that the
     * e-mail to the recipient need not read the lifecycle. Absent from events recorded before it existed.
     */
    paymentDeadline?: string | null;
    /** The change's rank in the invoice's history (1, 2, …): consumers that must keep order (webhooks) detect gaps with it. Absent from older events. */
    seq?: number;
    /** Validation circuits: the validating structure (absent from events recorded before circuits). */
    validatorStructureId?: string | null;
  };
  /** A recycled invoice goes back through routing. */
  'lifecycle.invoice-recycled': { invoiceId: string };
  /** Validated by its validator (VALIDEE_1): goes through routing to the recipient. */
  'lifecycle.invoice-validated': { invoiceId: string };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends LifecycleEvents {}
}
