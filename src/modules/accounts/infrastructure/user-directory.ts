import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { cursorBatches } from '../../../shared/persistence/cursor';
import { rawRows } from '../../../shared/persistence/raw';
import { UserDirectory, UserSearchCriteria, UserSummary } from '../contracts/users';
import { normaliseEmail } from '../domain/user.entity';

interface UserRow {
  id: string;
  login_email: string;
  contact_email: string;
  first_name: string;
  last_name: string;
  status: UserSummary['status'];
}

const fromRow = (r: UserRow): UserSummary => ({
  id: r.id,
  loginEmail: r.login_email,
  // account_user.contact_email only ever holds a verified address (a new one waits in pending_contact_email).
  notifyEmail: r.contact_email,
  firstName: r.first_name,
  lastName: r.last_name,
  status: r.status,
});

const USER_COLUMNS = 'id, login_email, contact_email, first_name, last_name, status';

const likeEscaped = (text: string): string => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

@Injectable()
export class MikroUserDirectory extends UserDirectory {
  constructor(private readonly em: EntityManager) {
    super();
  }

  // Lookups are bound statements mapped to summaries, not entity loads (a User entity carries credentials
  // and costs a hydration): notifications and member lists call them for every e-mail and page.
  async findById(id: string): Promise<UserSummary | null> {
    const [row] = await rawRows<UserRow>(this.em, `select ${USER_COLUMNS} from account_user where id = ?`, [id]);
    return row ? fromRow(row) : null;
  }

  async findByLoginEmail(email: string): Promise<UserSummary | null> {
    const [row] = await rawRows<UserRow>(this.em, `select ${USER_COLUMNS} from account_user where login_email = ?`, [normaliseEmail(email)]);
    return row ? fromRow(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<UserSummary[]> {
    if (ids.length === 0) return [];
    return (await rawRows<UserRow>(this.em, `select ${USER_COLUMNS} from account_user where id = any(?::uuid[])`, [[...ids]])).map(fromRow);
  }

  async findAdministrators(): Promise<UserSummary[]> {
    return (await rawRows<UserRow>(this.em, `select ${USER_COLUMNS} from account_user where is_admin and status = 'ACTIVE' order by created_at`)).map(fromRow);
  }

  async search(criteria: UserSearchCriteria, page?: { limit: number; offset: number }): Promise<{ items: UserSummary[]; total: number }> {
    if (criteria.among.length === 0) return { items: [], total: 0 };
    const list = this.ordered(this.query(criteria));
    if (page) list.limit(page.limit).offset(page.offset);
    const [rows, count] = await Promise.all([
      list as Promise<UserRow[]>,
      this.query(criteria).clearSelect().count({ total: '*' }) as Promise<{ total: string }[]>,
    ]);
    return { items: rows.map(fromRow), total: Number(count[0]?.total ?? 0) };
  }

  async *searchBatches(criteria: UserSearchCriteria, batchSize = 500): AsyncGenerator<UserSummary[]> {
    if (criteria.among.length === 0) return;
    const knex = this.em.getKnex();
    for await (const rows of cursorBatches<UserRow>(knex, this.ordered(this.query(criteria)).toSQL().toNative(), batchSize)) {
      yield rows.map(fromRow);
    }
  }

  /** The ids travel as one array parameter (`= any($1)`), whatever their number. */
  private query(criteria: UserSearchCriteria): Knex.QueryBuilder {
    const q = this.em
      .getKnex()('account_user')
      .select('id', 'login_email', 'contact_email', 'first_name', 'last_name', 'status')
      .whereRaw('id = any(?::uuid[])', [[...criteria.among]]);
    const text = criteria.q?.trim();
    if (text) {
      const like = likeEscaped(text);
      q.where((w) =>
        w
          .whereRaw('login_email ilike ?', [like])
          .orWhereRaw(`(first_name || ' ' || last_name) ilike ?`, [like])
          .orWhereRaw(`(last_name || ' ' || first_name) ilike ?`, [like]),
      );
    }
    return q;
  }

  private ordered(q: Knex.QueryBuilder): Knex.QueryBuilder {
    return q.orderByRaw('lower(last_name), lower(first_name), id');
  }
}
