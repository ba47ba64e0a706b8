import { Injectable } from '@nestjs/common';
import { UserDirectory } from '../../accounts/contracts/users';
import { MembershipRegistry } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { Ticket } from '../domain/ticket.entity';

const normalised = (email: string): string => email.trim().toLowerCase();

/**
 * Where a ticket's e-mails may go. They carry text typed by others (title, the other side's messages),
 * so an address a ticket creator types must belong to the emitting structure: its recorded e-mail, or
 * the login or notice address (`notifyEmail`: a contact address counts only once confirmed) of one of its
 * active members. Otherwise the ticket form would relay any text to any mailbox.
 */
@Injectable()
export class TicketContactAddresses {
  constructor(
    private readonly memberships: MembershipRegistry,
    private readonly users: UserDirectory,
    private readonly structures: StructureCatalog,
  ) {}

  async belongsTo(structureId: string, email: string): Promise<boolean> {
    const address = normalised(email);
    const structure = await this.structures.findById(structureId);
    if (structure?.email && normalised(structure.email) === address) return true;
    const members = await this.users.findByIds(await this.memberships.memberUserIds(structureId));
    return members.some((u) => u.status === 'ACTIVE' && (normalised(u.loginEmail) === address || normalised(u.notifyEmail) === address));
  }

  /**
   * Whether the ticket's contact address may receive text typed by others, checked again at each e-mail
   * (a member may have left since). A contact-form ticket's address was typed by an anonymous sender and
   * never verified: it gets the platform's answers, never the sender's own text.
   */
  async verified(ticket: Ticket): Promise<boolean> {
    return ticket.emitterStructureId !== null && this.belongsTo(ticket.emitterStructureId, ticket.contactEmail);
  }
}
