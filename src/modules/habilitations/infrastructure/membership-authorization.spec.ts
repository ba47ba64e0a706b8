import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { TechnicalAccountActor, UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { defaultGrantsForNewMember } from '../contracts/applications';
import { Membership } from '../domain/membership.entity';
import { MembershipAuthorization } from './membership-authorization';
import { TechnicalAccountGrants } from '../../connections/contracts/technical-account-grants';

function authorizationWith(memberships: Membership[]): MembershipAuthorization {
  const em = {
    findOne: jest.fn(async (_entity: unknown, where: { userId: string; structureId: string }) =>
      memberships.find((m) => m.userId === where.userId && m.structureId === where.structureId && m.isActive) ?? null,
    ),
    find: jest.fn(async (_entity: unknown, where: { userId: string }) => memberships.filter((m) => m.userId === where.userId && m.isActive)),
  } as unknown as EntityManager;
  return new MembershipAuthorization(em, technicalGrants);
}

/** Technical account 't' holds the default technical grants (Factures émises, Suivi des flux). */
const technicalGrants = {
  grantsOf: jest.fn(async (id: string) =>
    id === 't'
      ? [
          { application: 'FACTURES_EMISES' as const, level: 'MODIFICATION' as const },
          { application: 'SUIVI_FLUX' as const, level: 'MODIFICATION' as const },
        ]
      : [],
  ),
} as unknown as TechnicalAccountGrants;

const user = (userId: string, isAdmin = false): UserActor => ({ kind: 'user', userId, sessionId: 'x', isAdmin });
const now = new Date();

describe('MembershipAuthorization', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

  it('lets platform administrators through Organisation checks everywhere, but not invoice ones', async () => {
    const auth = authorizationWith([]);
    expect(await auth.allows(user('admin', true), 'any', 'ORGANISATION', 'MODIFICATION')).toBe(true);
    expect(await auth.allows(user('admin', true), 'any', 'FACTURES_RECUES', 'CONSULTATION')).toBe(false);
  });

  it('refuses non-members with COMMON.FORBIDDEN and logs the refusal', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const auth = authorizationWith([new Membership({ userId: 'u1', structureId: 'a', grants: defaultGrantsForNewMember(), now })]);
    await expect(auth.require(user('u1'), 'b', 'FACTURES_EMISES', 'CONSULTATION')).rejects.toMatchObject({ code: 'COMMON.FORBIDDEN' });
    await expect(auth.require(user('u1'), 'b', 'FACTURES_EMISES', 'CONSULTATION')).rejects.toBeInstanceOf(DomainError);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ structureId: 'b', application: 'FACTURES_EMISES', level: 'CONSULTATION' }));
    await expect(auth.require(user('u1'), 'a', 'FACTURES_EMISES', 'MODIFICATION')).resolves.toBeUndefined();
  });

  it('scopes lists to the structures where the grant is held', async () => {
    const auth = authorizationWith([
      new Membership({ userId: 'u1', structureId: 'a', grants: defaultGrantsForNewMember(), now }),
      new Membership({ userId: 'u1', structureId: 'b', grants: [{ application: 'MES_MESSAGES', level: 'CONSULTATION' }], now }),
    ]);
    expect(await auth.structuresAllowed(user('u1'), 'FACTURES_EMISES', 'CONSULTATION')).toEqual(['a']);
  });

  it('keeps technical accounts to their own structure and to the grants connections gave them', async () => {
    const auth = authorizationWith([]);
    const account: TechnicalAccountActor = { kind: 'technical-account', technicalAccountId: 't', structureId: 'a', oauthClientId: 'c', apiGroups: [] };
    expect(await auth.allows(account, 'a', 'FACTURES_EMISES', 'MODIFICATION')).toBe(true);
    expect(await auth.allows(account, 'b', 'FACTURES_EMISES', 'CONSULTATION')).toBe(false);
    expect(await auth.allows(account, 'a', 'FACTURES_RECUES', 'CONSULTATION')).toBe(false);
    expect(await auth.allows(account, 'a', 'RACCORDEMENTS', 'MODIFICATION')).toBe(false);
    expect(await auth.structuresAllowed(account, 'FACTURES_EMISES', 'CONSULTATION')).toEqual(['a']);
    expect(await auth.structuresAllowed(account, 'FACTURES_RECUES', 'CONSULTATION')).toEqual([]);
    const other: TechnicalAccountActor = { ...account, technicalAccountId: 'deactivated' };
    expect(await auth.allows(other, 'a', 'FACTURES_EMISES', 'CONSULTATION')).toBe(false);
  });
});
