import { Page, pageOf, pageRequest } from '../../../shared/http/pagination';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { csvLine } from '../../../shared/http/csv';
import { cursorBatches } from '../../../shared/persistence/cursor';
import { AuthorizedScope } from '../../habilitations/contracts/authorization';
import { STATUSES_WAITING_FOR, TicketStatus, waitingFor } from '../domain/ticket-status';

export const TICKET_VIEWS = ['ACTIONS_REQUISES', 'TOUS_SAUF_CLOTURES', 'CLOTURES'] as const;
export type TicketView = (typeof TICKET_VIEWS)[number];

/**
 * Which tickets the caller may list: by emitting structure, receiving structure (each whole, or one of
 * its services: `serviceId` set), and platform tickets for administrators. The rule of TicketAccess.
 */
export interface TicketScope {
  emitter: AuthorizedScope[];
  receiver: AuthorizedScope[];
  platform: boolean;
}

/**
 * Rows whose (structure, service) columns fall in the scopes: a whole structure (any service, or none),
 * or one service of it (that service only: tickets of no service stay with structure-level members).
 */
function inScopes(b: Knex.QueryBuilder, structureColumn: string, serviceColumn: string, scopes: AuthorizedScope[]): void {
  const whole = scopes.filter((s) => s.serviceId === null).map((s) => s.structureId);
  const services = scopes.filter((s) => s.serviceId !== null);
  b.where((w) => {
    if (whole.length > 0) w.orWhereIn(structureColumn, whole);
    for (const s of services) w.orWhere((x) => x.where(structureColumn, s.structureId).where(serviceColumn, s.serviceId));
  });
}

export interface TicketFilters {
  view?: TicketView;
  q?: string;
  status?: string;
  categoryCode?: string;
  sort?: string;
  direction?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface TicketRow {
  id: string;
  number: string;
  title: string;
  categoryCode: string;
  categoryLabel: string;
  subCategoryCode: string;
  subCategoryLabel: string;
  routing: string;
  status: string;
  waitingFor: string | null;
  objectType: string | null;
  objectNumber: string | null;
  emitterStructureId: string | null;
  receiverStructureId: string | null;
  contactEmail: string;
  createdAt: string;
  updatedAt: string;
  statusChangedAt: string;
}

export const TICKET_SORTABLE = {
  number: 'number',
  title: 'title',
  categoryLabel: 'category_label',
  subCategoryLabel: 'sub_category_label',
  status: 'status',
  objectNumber: 'object_number',
  contactEmail: 'contact_email',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  statusChangedAt: 'status_changed_at',
} as const;

interface RawRow {
  id: string;
  number: string;
  title: string;
  category_code: string;
  category_label: string;
  sub_category_code: string;
  sub_category_label: string;
  routing: string;
  status: TicketStatus;
  object_type: string | null;
  object_number: string | null;
  emitter_structure_id: string | null;
  receiver_structure_id: string | null;
  contact_email: string;
  created_at: Date;
  updated_at: Date;
  status_changed_at: Date;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

function toRow(r: RawRow): TicketRow {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    categoryCode: r.category_code,
    categoryLabel: r.category_label,
    subCategoryCode: r.sub_category_code,
    subCategoryLabel: r.sub_category_label,
    routing: r.routing,
    status: r.status,
    waitingFor: waitingFor(r.status),
    objectType: r.object_type,
    objectNumber: r.object_number,
    emitterStructureId: r.emitter_structure_id,
    receiverStructureId: r.receiver_structure_id,
    contactEmail: r.contact_email,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    statusChangedAt: iso(r.status_changed_at),
  };
}

const CSV_COLUMNS: [keyof TicketRow, string][] = [
  ['number', 'numero'],
  ['title', 'titre'],
  ['categoryLabel', 'categorie'],
  ['subCategoryLabel', 'sous_categorie'],
  ['status', 'statut'],
  ['objectType', 'type_objet'],
  ['objectNumber', 'numero_objet'],
  ['emitterStructureId', 'structure_emettrice'],
  ['receiverStructureId', 'structure_destinataire'],
  ['contactEmail', 'email_contact'],
  ['createdAt', 'date_creation'],
  ['statusChangedAt', 'date_statut'],
];

const EXPORT_BATCH = 500;

export const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const empty = (s: TicketScope): boolean => s.emitter.length === 0 && s.receiver.length === 0 && !s.platform;

/** List, search and export queries on the ticket table (labels are copied on the ticket: one table). */
@Injectable()
export class TicketSearch {
  constructor(private readonly em: EntityManager) {}

  private query(scope: TicketScope, f: TicketFilters): Knex.QueryBuilder {
    const knex = this.em.getKnex();
    const view: TicketView = f.view ?? 'TOUS_SAUF_CLOTURES';
    const actions = view === 'ACTIONS_REQUISES';
    const q = knex('support_ticket').select(
      'id', 'number', 'title', 'category_code', 'category_label', 'sub_category_code', 'sub_category_label', 'routing', 'status', 'object_type',
      'object_number', 'emitter_structure_id', 'receiver_structure_id', 'contact_email', 'created_at', 'updated_at', 'status_changed_at',
    );
    q.where((b) => {
      if (scope.emitter.length > 0) {
        b.orWhere((e) => {
          inScopes(e, 'emitter_structure_id', 'emitter_service_id', scope.emitter);
          if (actions) e.whereIn('status', STATUSES_WAITING_FOR.EMITTER);
        });
      }
      if (scope.receiver.length > 0) {
        b.orWhere((r) => {
          r.where('routing', 'BUSINESS');
          inScopes(r, 'receiver_structure_id', 'receiver_service_id', scope.receiver);
          if (actions) r.whereIn('status', STATUSES_WAITING_FOR.RECEIVER);
        });
      }
      if (scope.platform) {
        b.orWhere((p) => {
          p.where('routing', 'PLATFORM');
          if (actions) p.whereIn('status', STATUSES_WAITING_FOR.RECEIVER);
        });
      }
    });
    if (view === 'TOUS_SAUF_CLOTURES') q.whereNot('status', 'FERME');
    if (view === 'CLOTURES') q.where('status', 'FERME');
    if (f.status) q.where('status', f.status);
    if (f.categoryCode) q.where('category_code', f.categoryCode);
    const keyword = f.q?.trim();
    if (keyword) {
      const pattern = likePattern(keyword);
      q.where((k) => {
        for (const column of ['number', 'title', 'description', 'category_label', 'sub_category_label', 'object_number']) k.orWhereRaw(`?? ilike ?`, [column, pattern]);
      });
    }
    return q;
  }

  private ordered(q: Knex.QueryBuilder, f: TicketFilters): Knex.QueryBuilder {
    const column = TICKET_SORTABLE[(f.sort ?? 'createdAt') as keyof typeof TICKET_SORTABLE] ?? 'created_at';
    const direction = f.direction === 'asc' ? 'asc' : 'desc';
    return q.orderByRaw(`${column} ${direction} nulls last, id ${direction}`);
  }

  async page(scope: TicketScope, f: TicketFilters): Promise<Page<TicketRow>> {
    const request = pageRequest(f);
    if (empty(scope)) return pageOf(request, [], 0);
    const [rows, count] = await Promise.all([
      this.ordered(this.query(scope, f), f).limit(request.limit).offset(request.offset) as Promise<RawRow[]>,
      this.query(scope, f).clearSelect().clearOrder().count({ total: '*' }) as Promise<{ total: string }[]>,
    ]);
    return pageOf(request, rows.map(toRow), Number(count[0]?.total ?? 0));
  }

  /** CSV from a server-side cursor on a dedicated connection: memory bounded by one batch. */
  csv(scope: TicketScope, f: TicketFilters): Readable {
    const knex = this.em.getKnex();
    const header = csvLine(CSV_COLUMNS.map(([, title]) => title));
    if (empty(scope)) return Readable.from([header]);
    const native = this.ordered(this.query(scope, f), f).toSQL().toNative();
    async function* lines(): AsyncGenerator<string> {
      yield header;
      for await (const batch of cursorBatches<RawRow>(knex, native, EXPORT_BATCH)) {
        yield batch.map((raw) => { const row = toRow(raw); return csvLine(CSV_COLUMNS.map(([key]) => row[key])); }).join('');
      }
    }
    return Readable.from(lines());
  }
}
