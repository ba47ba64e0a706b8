/**
 * The events subscribers may receive (stable codes: stored and exposed). Each is mapped from a domain event
 * by jobs/event-sources.handlers.ts, for the structures it concerns, and seen only by subscribers who may
 * see its data (the application named here, on that structure and service).
 */
export const WEBHOOK_EVENT_TYPES = ['invoice.status-changed', 'invoice.received', 'flow.integrated', 'flow.rejected', 'membership.requested', 'ticket.updated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The envelope of every delivery body and feed item. */
export interface WebhookEventBody {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  structureId: string;
  data: Record<string, unknown>;
}
