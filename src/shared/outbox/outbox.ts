import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { uuidv7 } from '../domain/ids';
import { DomainEventMap, DomainEventName, EventActor } from '../events/domain-event';
import { Clock } from '../time/clock';
import { OutboxEvent } from './outbox-event.entity';

/**
 * Records domain events in the caller's unit of work: they are committed with the state change or not
 * at all. Nothing is sent from here; the relay (worker role) publishes committed rows.
 */
@Injectable()
export class Outbox {
  constructor(private readonly clock: Clock) {}

  record<N extends DomainEventName>(
    em: EntityManager,
    type: N,
    payload: DomainEventMap[N],
    actor: EventActor = { kind: 'system' },
  ): string {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    em.persist(new OutboxEvent(id, type, payload, actor, now));
    return id;
  }
}
