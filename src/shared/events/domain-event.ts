import type { Actor } from '../auth/actor';

/**
 * The typed map of every domain event. Each context adds its events from its `contracts/events.ts`
 * through declaration merging, so producers and consumers share one payload type per event name:
 *
 *   declare module '../../../shared/events/domain-event' {
 *     interface DomainEventMap { 'accounts.user-registered': { userId: string } }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap & string;

/** Who caused the event, for history and audit. */
export interface EventActor {
  kind: 'user' | 'technical-account' | 'system';
  id?: string;
}

/** The event actor of a request's caller. */
export const eventActorOf = (actor: Actor): EventActor =>
  actor.kind === 'user' ? { kind: 'user', id: actor.userId } : { kind: 'technical-account', id: actor.technicalAccountId };

export interface DomainEventEnvelope<N extends DomainEventName = DomainEventName> {
  id: string;
  type: N;
  occurredAt: string;
  actor: EventActor;
  payload: DomainEventMap[N];
}
