/** Events of the webhooks context. */
export interface WebhooksEvents {
  /** Too many consecutive failed deliveries: the subscription was paused, its structure's connection managers are told. */
  'webhooks.subscription-paused': { subscriptionId: string; structureId: string; failures: number };
}

declare module '../../../shared/events/domain-event' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DomainEventMap extends WebhooksEvents {}
}
