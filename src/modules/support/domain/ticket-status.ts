/**
 * The ticket state machine (pure). Who may move a ticket depends on the side the actor stands on:
 * the emitter (who opened it) or the receiver (the recipient structure for "M -" questions, platform
 * support otherwise).
 *
 *   OUVERT ──receiver asks──▶ EN_ATTENTE_INFORMATIONS ──emitter answers──▶ OUVERT
 *   OUVERT / EN_ATTENTE_INFORMATIONS ──receiver answers──▶ RESOLU
 *   RESOLU ──emitter accepts──▶ FERME      RESOLU ──emitter unsatisfied──▶ OUVERT
 *   any open status ──emitter closes──▶ FERME (final)
 */
export const TICKET_STATUSES = ['OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RESOLU', 'FERME'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export type TicketSide = 'EMITTER' | 'RECEIVER';

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  OUVERT: 'Ouvert',
  EN_ATTENTE_INFORMATIONS: "En attente d'informations",
  RESOLU: 'Résolu',
  FERME: 'Fermé',
};

const MOVES: Record<TicketSide, Record<TicketStatus, readonly TicketStatus[]>> = {
  RECEIVER: {
    OUVERT: ['EN_ATTENTE_INFORMATIONS', 'RESOLU'],
    EN_ATTENTE_INFORMATIONS: ['RESOLU'],
    RESOLU: [],
    FERME: [],
  },
  EMITTER: {
    OUVERT: ['FERME'],
    EN_ATTENTE_INFORMATIONS: ['OUVERT', 'FERME'],
    RESOLU: ['OUVERT', 'FERME'],
    FERME: [],
  },
};

/** Moves that carry an explanation the other side needs: a question, an answer, a reason for reopening. */
const MESSAGE_REQUIRED: ReadonlySet<string> = new Set(['OUVERT>EN_ATTENTE_INFORMATIONS', 'OUVERT>RESOLU', 'EN_ATTENTE_INFORMATIONS>RESOLU', 'EN_ATTENTE_INFORMATIONS>OUVERT', 'RESOLU>OUVERT']);

export function isTicketStatus(value: string): value is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}

export function allowedTicketMoves(from: TicketStatus, side: TicketSide): readonly TicketStatus[] {
  return MOVES[side][from];
}

export function messageRequired(from: TicketStatus, to: TicketStatus): boolean {
  return MESSAGE_REQUIRED.has(`${from}>${to}`);
}

export type MoveCheck = { ok: true } | { ok: false; reason: 'ILLEGAL'; allowed: readonly TicketStatus[] } | { ok: false; reason: 'MESSAGE_REQUIRED' };

export function checkTicketMove(from: TicketStatus, to: TicketStatus, side: TicketSide, message: string | null | undefined): MoveCheck {
  const allowed = allowedTicketMoves(from, side);
  if (!allowed.includes(to)) return { ok: false, reason: 'ILLEGAL', allowed };
  if (messageRequired(from, to) && !message?.trim()) return { ok: false, reason: 'MESSAGE_REQUIRED' };
  return { ok: true };
}

/** Whose turn it is: what the "actions requises" view lists for each side. */
export function waitingFor(status: TicketStatus): TicketSide | null {
  switch (status) {
    case 'OUVERT':
      return 'RECEIVER';
    case 'EN_ATTENTE_INFORMATIONS':
    case 'RESOLU':
      return 'EMITTER';
    case 'FERME':
      return null;
  }
}

export const STATUSES_WAITING_FOR: Record<TicketSide, TicketStatus[]> = {
  RECEIVER: TICKET_STATUSES.filter((s) => waitingFor(s) === 'RECEIVER'),
  EMITTER: TICKET_STATUSES.filter((s) => waitingFor(s) === 'EMITTER'),
};
