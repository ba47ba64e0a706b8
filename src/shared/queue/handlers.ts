import { SetMetadata } from '@nestjs/common';
import { DomainEventEnvelope, DomainEventMap, DomainEventName } from '../events/domain-event';

/**
 * Background work has two shapes, both run by the worker role from one BullMQ queue:
 *  - event handlers, fed by the outbox relay (one job per handler and event, jobId = `<event id>.<handler>`);
 *  - scheduled jobs (delayed triggers such as "purge this pending account in 30 days").
 * Handlers declare themselves with a decorator; the worker discovers them at boot and refuses to start
 * if two handlers share a name or a job is scheduled with no handler.
 */
export const EVENT_HANDLER = Symbol('liasse:event-handler');
export const JOB_HANDLER = Symbol('liasse:job-handler');

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobMap {}
export type JobName = keyof JobMap & string;

export interface EventHandlerMetadata {
  event: DomainEventName;
  name: string;
  when?: (payload: never) => boolean;
}

export interface DomainEventHandler<N extends DomainEventName> {
  handle(event: DomainEventEnvelope<N>): Promise<void>;
}

export interface JobHandler<N extends JobName> {
  handle(data: JobMap[N]): Promise<void>;
}

/**
 * `name` is stable: it is part of job ids and of the idempotency records. `when`, a pure test of the
 * payload, says which events the handler acts on at all: the relay enqueues no job for the others (a job
 * that would only record "handled" still costs a queue round trip and a transaction).
 */
export const OnDomainEvent = <N extends DomainEventName>(event: N, name: string, when?: (payload: DomainEventMap[N]) => boolean): ClassDecorator =>
  SetMetadata(EVENT_HANDLER, { event, name, when: when as EventHandlerMetadata['when'] } satisfies EventHandlerMetadata);

export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER, name);
