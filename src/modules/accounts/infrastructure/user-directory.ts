import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { cursorBatches } from '../../../shared/persistence/cursor';
import { UserDirectory, UserSearchCriteria, UserSummary } from '../contracts/users';
import { normaliseEmail, User, UserStatus } from '../domain/user.entity';

function summary(user: User): UserSummary {
  return {
    id: user.id,
    loginEmail: user.loginEmail,
    contactEmail: user.contactEmail,
    firstName: user.firstName,
    lastName: user.lastName,
    status: user.status,
  };
}

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
  contactEmail: r.contact_email,
  firstName: r.first_name,
  lastName: r.last_name,
  status: r.status,
});

const likeEscaped = (text: string): string => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

@Injectable()
export class MikroUserDirectory extends UserDirectory {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async findById(id: string): Promise<UserSummary | null> {
    const user = await this.em.findOne(User, { id });
    return user ? summary(user) : null;
  }

  async findByLoginEmail(email: string): Promise<UserSummary | null> {
    const user = await this.em.findOne(User, { loginEmail: normaliseEmail(email) });
    return user ? summary(user) : null;
  }

  async findByIds(ids: readonly string[]): Promise<UserSummary[]> {
    if (ids.length === 0) return [];
    return (await this.em.find(User, { id: { $in: [...ids] } })).map(summary);
  }

  async findAdministrators(): Promise<UserSummary[]> {
    return (await this.em.find(User, { isAdmin: true, status: UserStatus.ACTIVE }, { orderBy: { createdAt: 'asc' } })).map(summary);
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
