import { SetMetadata } from '@nestjs/common';
import { DomainEventEnvelope, DomainEventName } from '../events/domain-event';

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
}

export interface DomainEventHandler<N extends DomainEventName> {
  handle(event: DomainEventEnvelope<N>): Promise<void>;
}

export interface JobHandler<N extends JobName> {
  handle(data: JobMap[N]): Promise<void>;
}

/** `name` is stable: it is part of job ids and of the idempotency records. */
export const OnDomainEvent = (event: DomainEventName, name: string): ClassDecorator =>
  SetMetadata(EVENT_HANDLER, { event, name } satisfies EventHandlerMetadata);

export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER, name);
