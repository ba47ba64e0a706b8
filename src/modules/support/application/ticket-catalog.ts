import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TicketCatalog, TicketFacts } from '../contracts/tickets';
import { Ticket } from '../domain/ticket.entity';

@Injectable()
export class TicketCatalogService extends TicketCatalog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async findFacts(ticketId: string): Promise<TicketFacts | null> {
    const ticket = await this.em.findOne(Ticket, { id: ticketId });
    if (!ticket) return null;
    return {
      id: ticket.id,
      number: ticket.number,
      title: ticket.title,
      status: ticket.status,
      categoryCode: ticket.categoryCode,
      subCategoryCode: ticket.subCategoryCode,
      invoiceId: ticket.invoiceId,
      emitterStructureId: ticket.emitterStructureId,
      emitterServiceId: ticket.emitterServiceId,
      receiverStructureId: ticket.receiverStructureId,
      receiverServiceId: ticket.receiverServiceId,
    };
  }
}
