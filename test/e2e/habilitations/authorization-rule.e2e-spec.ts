import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { UserActor } from '../../../src/shared/auth/actor';
import { uuidv7 } from '../../../src/shared/domain/ids';
import { defaultGrantsForNewMember } from '../../../src/modules/habilitations/contracts/applications';
import { Authorization } from '../../../src/modules/habilitations/contracts/authorization';
import { Membership } from '../../../src/modules/habilitations/domain/membership.entity';
import { startTestApp, TestApp } from '../../support/test-app';

/** The authorization rule itself, on memberships stored in the real database (no HTTP in between). */
describe('the authorization rule', () => {
  let t: TestApp;
  let auth: Authorization;
  const user = (userId: string, isAdmin = false): UserActor => ({ kind: 'user', userId, sessionId: uuidv7(), isAdmin });

  beforeAll(async () => {
    t = await startTestApp();
    auth = t.app.get(Authorization);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function given(...memberships: Membership[]): Promise<void> {
    const em = t.orm.em.fork() as EntityManager;
    em.persist(memberships);
    await em.flush();
  }
  const inContext = <T>(work: () => Promise<T>): Promise<T> => t.orm.em.fork().transactional(() => work());

  it('lets platform administrators through Organisation checks everywhere, but not invoice ones', async () => {
    const admin = user(uuidv7(), true);
    expect(await inContext(() => auth.allows(admin, uuidv7(), 'ORGANISATION', 'MODIFICATION'))).toBe(true);
    expect(await inContext(() => auth.allows(admin, uuidv7(), 'FACTURES_RECUES', 'CONSULTATION'))).toBe(false);
  });

  it('refuses non-members with COMMON.FORBIDDEN and logs the refusal', async () => {
    const [u, a, b] = [uuidv7(), uuidv7(), uuidv7()];
    await given(new Membership({ userId: u, structureId: a, grants: defaultGrantsForNewMember(), now: t.clock.now() }));
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await expect(inContext(() => auth.require(user(u), b, 'FACTURES_EMISES', 'CONSULTATION'))).rejects.toMatchObject({ code: 'COMMON.FORBIDDEN' });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ structureId: b, application: 'FACTURES_EMISES', level: 'CONSULTATION', actor: { kind: 'user', id: u } }));
    warn.mockRestore();
    await expect(inContext(() => auth.require(user(u), a, 'FACTURES_EMISES', 'MODIFICATION'))).resolves.toBeUndefined();
    // Default grants: Organisation in consultation only.
    expect(await inContext(() => auth.allows(user(u), a, 'ORGANISATION', 'MODIFICATION'))).toBe(false);
    expect(await inContext(() => auth.allows(user(u), a, 'ORGANISATION', 'CONSULTATION'))).toBe(true);
  });

  it('scopes lists to the structures where the grant is held', async () => {
    const [u, a, b] = [uuidv7(), uuidv7(), uuidv7()];
    await given(
      new Membership({ userId: u, structureId: a, grants: defaultGrantsForNewMember(), now: t.clock.now() }),
      new Membership({ userId: u, structureId: b, grants: [{ application: 'MES_MESSAGES', level: 'CONSULTATION' }], now: t.clock.now() }),
    );
    expect(await inContext(() => auth.structuresAllowed(user(u), 'FACTURES_EMISES', 'CONSULTATION'))).toEqual([a]);
  });

  it('limits a member attached to one service to that service when a service is named', async () => {
    const [u, a, service, other] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await given(new Membership({ userId: u, structureId: a, serviceId: service, grants: defaultGrantsForNewMember(), now: t.clock.now() }));
    expect(await inContext(() => auth.allows(user(u), a, 'FACTURES_RECUES', 'MODIFICATION', service))).toBe(true);
    expect(await inContext(() => auth.allows(user(u), a, 'FACTURES_RECUES', 'MODIFICATION', other))).toBe(false);
  });
});
