import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { SupportErrors } from '../domain/support.errors';
import { TicketActivity } from '../domain/ticket-activity.entity';
import { Ticket } from '../domain/ticket.entity';
import { checkTicketMove, isTicketStatus, TicketSide, TicketStatus } from '../domain/ticket-status';
import { IncomingTicketFile, TicketFileStore } from '../infrastructure/ticket-file-store';
import { actorIdOf, eventActorOf, TicketAccess } from './ticket-access';

export interface TicketFileView {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

function recordMove(em: EntityManager, outbox: Outbox, actor: Actor, ticket: Ticket, side: TicketSide, to: TicketStatus, message: string | null, now: Date): void {
  const from = ticket.status;
  ticket.moveTo(to, now);
  const activity = new TicketActivity({ ticketId: ticket.id, kind: 'STATUS_CHANGED', at: now, side, actorKind: actor.kind, actorId: actorIdOf(actor), message, fromStatus: from, toStatus: to });
  em.persist(activity);
  outbox.record(em, 'support.ticket-status-changed', { ticketId: ticket.id, from, to, by: side, activityId: activity.id }, eventActorOf(actor));
}

/**
 * Moves a ticket (POST /tickets/{id}/transitions): the receiver asks for information or resolves, the
 * emitter answers, accepts (FERME) or sends back (OUVERT). Illegal moves are refused with the allowed ones.
 */
@Injectable()
export class ChangeTicketStatus {
  constructor(
    private readonly em: EntityManager,
    private readonly access: TicketAccess,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, ticketId: string, input: { status: string; message?: string }): Promise<void> {
    await this.em.transactional(async (em) => {
      const { ticket, sides } = await this.access.writable(em, actor, ticketId);
      const to = input.status;
      const message = input.message?.trim() || null;
      if (!isTicketStatus(to)) throw new DomainError(SupportErrors.TRANSITION_NOT_ALLOWED, { from: ticket.status, to, allowed: [] }, 'status');
      const checks = sides.map((side) => ({ side, check: checkTicketMove(ticket.status, to, side, message) }));
      const passing = checks.find((c) => c.check.ok);
      if (!passing) {
        if (checks.some((c) => !c.check.ok && c.check.reason === 'MESSAGE_REQUIRED')) throw new DomainError(SupportErrors.MESSAGE_REQUIRED, {}, 'message');
        const allowed = [...new Set(checks.flatMap((c) => (!c.check.ok && c.check.reason === 'ILLEGAL' ? c.check.allowed : [])))];
        throw new DomainError(SupportErrors.TRANSITION_NOT_ALLOWED, { from: ticket.status, to, allowed: allowed.length ? allowed : ['—'] }, 'status');
      }
      recordMove(em, this.outbox, actor, ticket, passing.side, to, message, this.clock.now());
    });
  }
}

/**
 * Adds a message to the activity stream. The emitter's message on a ticket waiting for information is
 * the answer: the ticket goes back to OUVERT (and the receivers are told). Any other message is e-mailed
 * to the other side: the receivers when the emitter writes, the ticket's contact e-mail when a receiver does.
 */
@Injectable()
export class AddTicketMessage {
  constructor(
    private readonly em: EntityManager,
    private readonly access: TicketAccess,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, ticketId: string, text: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const { ticket, sides } = await this.access.writable(em, actor, ticketId);
      if (ticket.status === 'FERME') throw new DomainError(SupportErrors.TICKET_CLOSED);
      const now = this.clock.now();
      const message = text.trim();
      if (!message) throw new DomainError(SupportErrors.MESSAGE_REQUIRED, {}, 'message');
      if (ticket.status === 'EN_ATTENTE_INFORMATIONS' && sides.includes('EMITTER')) {
        recordMove(em, this.outbox, actor, ticket, 'EMITTER', 'OUVERT', message, now);
        return;
      }
      const activity = new TicketActivity({ ticketId: ticket.id, kind: 'MESSAGE', at: now, side: sides[0]!, actorKind: actor.kind, actorId: actorIdOf(actor), message });
      em.persist(activity);
      ticket.updatedAt = now;
      // The other side is told by e-mail (worker, from the outbox).
      this.outbox.record(em, 'support.ticket-message-added', { ticketId: ticket.id, by: sides[0]!, activityId: activity.id }, eventActorOf(actor));
    });
  }
}

@Injectable()
export class AddTicketFile {
  constructor(
    private readonly em: EntityManager,
    private readonly access: TicketAccess,
    private readonly files: TicketFileStore,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, ticketId: string, file: IncomingTicketFile | undefined): Promise<TicketFileView> {
    return this.em.transactional(async (em) => {
      const { ticket, sides } = await this.access.writable(em, actor, ticketId);
      if (ticket.status === 'FERME') throw new DomainError(SupportErrors.TICKET_CLOSED);
      if (!file) throw new DomainError(SupportErrors.FILE_REQUIRED, {}, 'file');
      const stored = await this.files.store(em, ticket.id, file, actorIdOf(actor));
      const now = this.clock.now();
      em.persist(new TicketActivity({ ticketId: ticket.id, kind: 'FILE_ADDED', at: now, side: sides[0]!, actorKind: actor.kind, actorId: actorIdOf(actor), fileId: stored.id, message: stored.fileName }));
      ticket.updatedAt = now;
      return fileView(stored);
    });
  }
}

export const fileView = (f: { id: string; fileName: string; mediaType: string; size: number; sha256: string; createdAt: Date }): TicketFileView => ({
  id: f.id,
  fileName: f.fileName,
  mediaType: f.mediaType,
  size: f.size,
  sha256: f.sha256,
  createdAt: f.createdAt.toISOString(),
});

@Injectable()
export class DownloadTicketFile {
  constructor(
    private readonly em: EntityManager,
    private readonly access: TicketAccess,
    private readonly files: TicketFileStore,
  ) {}

  async execute(actor: Actor, ticketId: string, fileId: string): Promise<{ file: TicketFileView; stream: Readable }> {
    await this.access.readable(this.em, actor, ticketId);
    const opened = await this.files.open(this.em, ticketId, fileId);
    if (!opened) throw new DomainError(SupportErrors.FILE_NOT_FOUND);
    return { file: fileView(opened.file), stream: opened.stream };
  }
}
