import { EntityManager } from '@mikro-orm/postgresql';
import { User, UserStatus } from '../../src/modules/accounts/domain/user.entity';
import { defaultGrantsForNewMember } from '../../src/modules/habilitations/contracts/applications';
import { MembershipRequest, MembershipRequestKind } from '../../src/modules/habilitations/domain/membership-request.entity';
import { Membership } from '../../src/modules/habilitations/domain/membership.entity';
import { TestApp } from '../support/test-app';
import { uniqueEmail } from './accounts';

/**
 * `count` active users attached to the structure with the default grants, written in bulk (no password,
 * no session: they are only listed). All share the same name, so lists order them by id alone.
 * Returns their ids.
 */
export async function givenBulkMembers(t: TestApp, structureId: string, count: number, names = { firstName: 'Membre', lastName: 'Lot' }): Promise<string[]> {
  const em = t.orm.em.fork() as EntityManager;
  const now = t.clock.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = uniqueEmail('lot');
    const user = new User({ loginEmail: email, contactEmail: email, ...names, surveyConsent: false, now });
    user.status = UserStatus.ACTIVE;
    user.activatedAt = now;
    em.persist(user);
    em.persist(new Membership({ userId: user.id, structureId, grants: defaultGrantsForNewMember(), now }));
    ids.push(user.id);
  }
  await em.flush();
  return ids;
}

/** One pending attachment request per user on the structure, all made at the same instant. Returns their ids. */
export async function givenBulkRequests(t: TestApp, structureId: string, userIds: readonly string[]): Promise<string[]> {
  const em = t.orm.em.fork() as EntityManager;
  const now = t.clock.now();
  const requests = userIds.map((userId) => new MembershipRequest({ userId, structureId, kind: MembershipRequestKind.ATTACHMENT, comment: 'En lot', now }));
  for (const r of requests) em.persist(r);
  await em.flush();
  return requests.map((r) => r.id);
}
