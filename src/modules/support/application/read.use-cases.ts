import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { UserDirectory } from '../../accounts/contracts/users';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceLookup } from '../../invoicing/contracts/invoices';
import { isBeforeRecipient } from '../../lifecycle/contracts/lifecycle';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { TicketActivity } from '../domain/ticket-activity.entity';
import { TicketFile } from '../domain/ticket-file.entity';
import { allowedTicketMoves, TicketSide, TicketStatus } from '../domain/ticket-status';
import { TicketFilters, TicketRow, TicketScope, TicketSearch } from '../infrastructure/ticket-search';
import { fileView, TicketFileView } from './ticket-actions.use-cases';
import { isAdministrator, TicketAccess } from './ticket-access';

export interface TicketActivityView {
  id: string;
  kind: string;
  at: string;
  side: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  message: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  fileId: string | null;
}

export interface TicketInvoiceView {
  id: string;
  number: string;
  /** The invoice's current status as the viewing side sees it. */
  status: string;
  /** Where its status history is: GET /api/v1/invoices/{id}/history. */
  historyPath: string;
}

export interface TicketDetailView {
  id: string;
  number: string;
  categoryCode: string;
  categoryLabel: string;
  subCategoryCode: string;
  subCategoryLabel: string;
  routing: string;
  status: string;
  sides: TicketSide[];
  allowedTransitions: TicketStatus[];
  objectType: string | null;
  objectNumber: string | null;
  invoice: TicketInvoiceView | null;
  emitterStructureId: string | null;
  emitterStructureName: string | null;
  emitterServiceId: string | null;
  emitterUserId: string | null;
  receiverStructureId: string | null;
  receiverStructureName: string | null;
  receiverServiceId: string | null;
  contactEmail: string;
  contactName: string | null;
  title: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  statusChangedAt: string;
  closedAt: string | null;
  activities: TicketActivityView[];
  files: TicketFileView[];
}

/** One ticket: general data, content, activity stream, files, and the invoice it is about (current status). */
@Injectable()
export class GetTicket {
  constructor(
    private readonly em: EntityManager,
    private readonly access: TicketAccess,
    private readonly users: UserDirectory,
    private readonly structures: StructureCatalog,
    private readonly invoices: InvoiceLookup,
  ) {}

  async execute(actor: Actor, ticketId: string): Promise<TicketDetailView> {
    const { ticket, sides } = await this.access.readable(this.em, actor, ticketId);
    const writeSides = await this.access.sidesOf(actor, ticket, 'MODIFICATION');
    const [activities, files, invoice] = await Promise.all([
      this.em.find(TicketActivity, { ticketId }, { orderBy: { at: 'asc', id: 'asc' } }),
      this.em.find(TicketFile, { ticketId }, { orderBy: { createdAt: 'asc' } }),
      ticket.invoiceId ? this.invoices.findReference(ticket.invoiceId) : Promise.resolve(null),
    ]);
    const userIds = [...new Set(activities.filter((a) => a.actorKind === 'user' && a.actorId).map((a) => a.actorId!))];
    const people = new Map((await this.users.findByIds(userIds)).map((u) => [u.id, `${u.firstName} ${u.lastName}`]));
    const structureIds = [ticket.emitterStructureId, ticket.receiverStructureId].filter((id): id is string => id !== null);
    const names = new Map((await this.structures.findByIds(structureIds)).map((s) => [s.id, s.companyName]));
    const allowed = [...new Set(writeSides.flatMap((side) => allowedTicketMoves(ticket.status, side)))];
    const viewerStructure = sides.includes('EMITTER') ? ticket.emitterStructureId : ticket.receiverStructureId;
    // Shown to the invoice's parties only (administrators handling a platform ticket: viewerStructure null): an
    // invoice recycled to another recipient is no longer the first one's business, and a recipient does not see
    // an invoice still with its validator (architecture D25).
    const shown =
      invoice !== null &&
      (viewerStructure === null ||
        viewerStructure === invoice.supplierStructureId ||
        (viewerStructure === invoice.recipientStructureId && !isBeforeRecipient(invoice.status)));
    return {
      id: ticket.id,
      number: ticket.number,
      categoryCode: ticket.categoryCode,
      categoryLabel: ticket.categoryLabel,
      subCategoryCode: ticket.subCategoryCode,
      subCategoryLabel: ticket.subCategoryLabel,
      routing: ticket.routing,
      status: ticket.status,
      sides,
      allowedTransitions: allowed,
      objectType: ticket.objectType,
      objectNumber: ticket.objectNumber,
      invoice: shown
        ? {
            id: invoice.id,
            number: invoice.number,
            status: viewerStructure === invoice.supplierStructureId ? invoice.supplierStatus : invoice.status,
            historyPath: `/api/v1/invoices/${invoice.id}/history`,
          }
        : null,
      emitterStructureId: ticket.emitterStructureId,
      emitterStructureName: ticket.emitterStructureId ? (names.get(ticket.emitterStructureId) ?? null) : null,
      emitterServiceId: ticket.emitterServiceId,
      emitterUserId: ticket.emitterUserId,
      receiverStructureId: ticket.receiverStructureId,
      receiverStructureName: ticket.receiverStructureId ? (names.get(ticket.receiverStructureId) ?? null) : null,
      receiverServiceId: ticket.receiverServiceId,
      contactEmail: ticket.contactEmail,
      contactName: ticket.contactName,
      title: ticket.title,
      description: ticket.description,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      statusChangedAt: ticket.statusChangedAt.toISOString(),
      closedAt: ticket.closedAt?.toISOString() ?? null,
      activities: activities.map((a) => ({
        id: a.id,
        kind: a.kind,
        at: a.at.toISOString(),
        side: a.side,
        actorKind: a.actorKind,
        actorId: a.actorId,
        actorName: a.actorId ? (people.get(a.actorId) ?? null) : (ticket.contactName ?? null),
        message: a.message,
        fromStatus: a.fromStatus,
        toStatus: a.toStatus,
        fileId: a.fileId,
      })),
      files: files.map(fileView),
    };
  }
}

async function scopeOf(authorization: Authorization, actor: Actor): Promise<TicketScope> {
  const [emitter, receiver] = await Promise.all([
    authorization.scopesAllowed(actor, 'SOLLICITATIONS_EMISES', 'CONSULTATION'),
    authorization.scopesAllowed(actor, 'SOLLICITATIONS_RECUES', 'CONSULTATION'),
  ]);
  return { emitter, receiver, platform: isAdministrator(actor) };
}

/** The three views (actions requises, tous sauf clôturés, clôturés), keyword search, sort, pagination. */
@Injectable()
export class SearchTickets {
  constructor(
    private readonly authorization: Authorization,
    private readonly search: TicketSearch,
  ) {}

  async execute(actor: Actor, filters: TicketFilters): Promise<{ items: TicketRow[]; page: number; pageSize: number; total: number }> {
    return this.search.page(await scopeOf(this.authorization, actor), filters);
  }
}

@Injectable()
export class ExportTickets {
  constructor(
    private readonly authorization: Authorization,
    private readonly search: TicketSearch,
  ) {}

  async execute(actor: Actor, filters: TicketFilters): Promise<Readable> {
    return this.search.csv(await scopeOf(this.authorization, actor), filters);
  }
}
