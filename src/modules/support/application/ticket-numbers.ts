import { EntityManager } from '@mikro-orm/postgresql';
import { formatTicketNumber } from '../domain/ticket-number';

/** Next CPROCS number from the PostgreSQL sequence (unique across replicas; gaps are harmless). */
export async function nextTicketNumber(em: EntityManager): Promise<string> {
  const rows = await em.execute<{ n: string }[]>(`select nextval('support_ticket_number_seq') as n`);
  return formatTicketNumber(Number(rows[0]!.n));
}
