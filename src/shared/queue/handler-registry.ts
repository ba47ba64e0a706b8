import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DomainEventEnvelope, DomainEventName } from '../events/domain-event';
import { EVENT_HANDLER, EventHandlerMetadata, JOB_HANDLER, JobName } from './handlers';

interface RegisteredEventHandler {
  name: string;
  event: DomainEventName;
  /** Whether the handler acts on this event (its `when`; true without one). */
  wants(event: DomainEventEnvelope): boolean;
  handle(event: DomainEventEnvelope): Promise<void>;
}

interface RegisteredJobHandler {
  name: JobName;
  handle(data: unknown): Promise<void>;
}

/** Finds every `@OnDomainEvent` / `@HandlesJob` provider once at boot. */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly byEvent = new Map<string, RegisteredEventHandler[]>();
  private readonly eventHandlers = new Map<string, RegisteredEventHandler>();
  private readonly jobHandlers = new Map<string, RegisteredJobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance || typeof metatype !== 'function') continue;
      const eventMeta = this.reflector.get<EventHandlerMetadata | undefined>(EVENT_HANDLER, metatype);
      if (eventMeta) this.addEventHandler(eventMeta, instance as { handle(e: DomainEventEnvelope): Promise<void> });
      const jobName = this.reflector.get<JobName | undefined>(JOB_HANDLER, metatype);
      if (jobName) this.addJobHandler(jobName, instance as { handle(d: unknown): Promise<void> });
    }
  }

  handlersFor(event: string): readonly RegisteredEventHandler[] {
    return this.byEvent.get(event) ?? [];
  }

  eventHandler(name: string): RegisteredEventHandler | undefined {
    return this.eventHandlers.get(name);
  }

  jobHandler(name: string): RegisteredJobHandler | undefined {
    return this.jobHandlers.get(name);
  }

  private addEventHandler(meta: EventHandlerMetadata, instance: { handle(e: DomainEventEnvelope): Promise<void> }): void {
    if (this.eventHandlers.has(meta.name)) throw new Error(`Two event handlers are named ${meta.name}`);
    const when = meta.when as ((payload: unknown) => boolean) | undefined;
    const registered = {
      name: meta.name,
      event: meta.event,
      wants: (e: DomainEventEnvelope) => !when || when(e.payload),
      handle: (e: DomainEventEnvelope) => instance.handle(e),
    };
    this.eventHandlers.set(meta.name, registered);
    this.byEvent.set(meta.event, [...(this.byEvent.get(meta.event) ?? []), registered]);
  }

  private addJobHandler(name: JobName, instance: { handle(d: unknown): Promise<void> }): void {
    if (this.jobHandlers.has(name)) throw new Error(`Two job handlers are named ${name}`);
    this.jobHandlers.set(name, { name, handle: (d: unknown) => instance.handle(d) });
  }
}
