import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { GrantLevel } from '../../habilitations/contracts/applications';
import { Authorization } from '../../habilitations/contracts/authorization';
import { SupportErrors } from '../domain/support.errors';
import { Ticket } from '../domain/ticket.entity';
import { TicketSide } from '../domain/ticket-status';

// The shared kernel's, re-exported for this context's use cases.
export { eventActorOf } from '../../../shared/events/domain-event';

export const actorIdOf = (actor: Actor): string => (actor.kind === 'user' ? actor.userId : actor.technicalAccountId);

export const isAdministrator = (actor: Actor): boolean => actor.kind === 'user' && actor.isAdmin;

/**
 * Who may see a ticket, and from which side: the emitter side holds Sollicitations émises on the
 * emitting structure; the receiver side holds Sollicitations reçues on the receiving structure ("M -"
 * tickets) or is a platform administrator (platform tickets). On each side a member attached to one
 * service sees only the tickets of that service; a ticket of no service (null) is for structure-level
 * members only, as `membershipAllows` reads null. Anyone else gets 404,
 * so a ticket's existence is never disclosed; a reader without MODIFICATION gets 403 on writes.
 */
@Injectable()
export class TicketAccess {
  constructor(private readonly authorization: Authorization) {}

  async sidesOf(actor: Actor, ticket: Ticket, level: GrantLevel): Promise<TicketSide[]> {
    const sides: TicketSide[] = [];
    if (
      ticket.emitterStructureId &&
      (await this.authorization.allows(actor, ticket.emitterStructureId, 'SOLLICITATIONS_EMISES', level, ticket.emitterServiceId))
    ) {
      sides.push('EMITTER');
    }
    if (
      ticket.routing === 'PLATFORM'
        ? isAdministrator(actor)
        : ticket.receiverStructureId !== null && (await this.authorization.allows(actor, ticket.receiverStructureId, 'SOLLICITATIONS_RECUES', level, ticket.receiverServiceId))
    ) {
      sides.push('RECEIVER');
    }
    return sides;
  }

  async readable(em: EntityManager, actor: Actor, ticketId: string): Promise<{ ticket: Ticket; sides: TicketSide[] }> {
    const ticket = await em.findOne(Ticket, { id: ticketId });
    if (!ticket) throw new DomainError(SupportErrors.TICKET_NOT_FOUND);
    const sides = await this.sidesOf(actor, ticket, 'CONSULTATION');
    if (sides.length === 0) throw new DomainError(SupportErrors.TICKET_NOT_FOUND);
    return { ticket, sides };
  }

  /** For writes, inside the caller's transaction: the row is locked so concurrent moves serialise. */
  async writable(em: EntityManager, actor: Actor, ticketId: string): Promise<{ ticket: Ticket; sides: TicketSide[] }> {
    // refresh: the locked row wins over any copy the request already holds in its identity map.
    const ticket = await em.findOne(Ticket, { id: ticketId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!ticket) throw new DomainError(SupportErrors.TICKET_NOT_FOUND);
    if ((await this.sidesOf(actor, ticket, 'CONSULTATION')).length === 0) throw new DomainError(SupportErrors.TICKET_NOT_FOUND);
    const sides = await this.sidesOf(actor, ticket, 'MODIFICATION');
    if (sides.length === 0) throw new DomainError(CommonErrors.FORBIDDEN);
    return { ticket, sides };
  }
}
