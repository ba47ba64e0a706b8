import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserDirectory, UserSummary } from '../contracts/users';
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
}
