import { allowedTicketMoves, checkTicketMove, STATUSES_WAITING_FOR, TICKET_STATUSES, waitingFor } from './ticket-status';

describe('ticket state machine', () => {
  it('lets the receiver ask for information or resolve an open ticket', () => {
    expect(allowedTicketMoves('OUVERT', 'RECEIVER')).toEqual(['EN_ATTENTE_INFORMATIONS', 'RESOLU']);
    expect(checkTicketMove('OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RECEIVER', 'Quel bon de commande ?')).toEqual({ ok: true });
  });

  it('lets the emitter answer a request for information (back to OUVERT)', () => {
    expect(checkTicketMove('EN_ATTENTE_INFORMATIONS', 'OUVERT', 'EMITTER', 'BC 42')).toEqual({ ok: true });
  });

  it('lets the emitter accept (FERME) or send back (OUVERT) a resolution', () => {
    expect(checkTicketMove('RESOLU', 'FERME', 'EMITTER', undefined)).toEqual({ ok: true });
    expect(checkTicketMove('RESOLU', 'OUVERT', 'EMITTER', 'Toujours pas payé')).toEqual({ ok: true });
  });

  it('refuses illegal moves with the allowed ones', () => {
    expect(checkTicketMove('OUVERT', 'RESOLU', 'EMITTER', 'x')).toEqual({ ok: false, reason: 'ILLEGAL', allowed: ['FERME'] });
    expect(checkTicketMove('RESOLU', 'FERME', 'RECEIVER', undefined)).toEqual({ ok: false, reason: 'ILLEGAL', allowed: [] });
    expect(checkTicketMove('OUVERT', 'OUVERT', 'RECEIVER', 'x')).toMatchObject({ ok: false, reason: 'ILLEGAL' });
  });

  it('makes FERME final for both sides', () => {
    for (const to of TICKET_STATUSES) {
      expect(checkTicketMove('FERME', to, 'EMITTER', 'x')).toMatchObject({ ok: false, reason: 'ILLEGAL', allowed: [] });
      expect(checkTicketMove('FERME', to, 'RECEIVER', 'x')).toMatchObject({ ok: false, reason: 'ILLEGAL', allowed: [] });
    }
  });

  it('requires a message for questions, answers and reopening, not for closing', () => {
    expect(checkTicketMove('OUVERT', 'EN_ATTENTE_INFORMATIONS', 'RECEIVER', '  ')).toEqual({ ok: false, reason: 'MESSAGE_REQUIRED' });
    expect(checkTicketMove('OUVERT', 'RESOLU', 'RECEIVER', null)).toEqual({ ok: false, reason: 'MESSAGE_REQUIRED' });
    expect(checkTicketMove('RESOLU', 'OUVERT', 'EMITTER', undefined)).toEqual({ ok: false, reason: 'MESSAGE_REQUIRED' });
    expect(checkTicketMove('OUVERT', 'FERME', 'EMITTER', undefined)).toEqual({ ok: true });
  });

  it('says whose turn it is', () => {
    expect(waitingFor('OUVERT')).toBe('RECEIVER');
    expect(waitingFor('EN_ATTENTE_INFORMATIONS')).toBe('EMITTER');
    expect(waitingFor('RESOLU')).toBe('EMITTER');
    expect(waitingFor('FERME')).toBeNull();
    expect(STATUSES_WAITING_FOR).toEqual({ RECEIVER: ['OUVERT'], EMITTER: ['EN_ATTENTE_INFORMATIONS', 'RESOLU'] });
  });
});
