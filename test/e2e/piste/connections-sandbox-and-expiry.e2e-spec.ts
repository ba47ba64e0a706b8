import { EntityManager } from '@mikro-orm/postgresql';
import {
  SANDBOX_OAUTH_CLIENT,
  SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT,
  SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT,
} from '../../../src/modules/connections/infrastructure/connections.seed';
import { TechnicalAccountExpirySweep } from '../../../src/modules/connections/jobs/expiry-warning.handlers';
import { SeedRunner } from '../../../src/shared/seed/seed-runner';
import { mailsTo, settle, sql } from '../accounts/helpers';
import { clientToken, cpro, cproAccountHeader, givenErpConnection } from '../../factories/connections';
import { givenActiveUser, GivenUser } from '../../factories/accounts';
import { givenSupplier, Supplier } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

const DAY_MS = 24 * 3600 * 1000;
const TEMPLATE = 'connections.technical-account-expiring';

describe('connections: sandbox credentials and password expiry warnings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the sandbox seed', () => {
    it('stores the documented credentials once (idempotent) and they work like any other', async () => {
      await t.app.get(SeedRunner).run();
      await t.app.get(SeedRunner).run();
      const rows = await sql<{ n: string }>(t, 'select count(*) as n from conn_technical_account where login in (?, ?)', [
        SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.login,
        SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT.login,
      ]);
      expect(Number(rows[0]!.n)).toBe(2);
      const stored = await sql<{ password_hash: string }>(t, 'select password_hash from conn_technical_account where login = ?', [SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.login]);
      expect(stored[0]!.password_hash).not.toContain(SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.password);

      const token = await clientToken(t, SANDBOX_OAUTH_CLIENT.clientId, SANDBOX_OAUTH_CLIENT.clientSecret);
      expect(token.status).toBe(200);
      const supplier = { token: token.body.access_token, cproAccount: cproAccountHeader(SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.login, SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.password) };
      const mine = await cpro(t, supplier, 'utilisateurs/v1/monCompte/recuperer/rattachements');
      expect(mine.body.listeStructureRattachement).toEqual([expect.objectContaining({ identifiantStructure: '91234567500017' })]);

      const recipient = { token: token.body.access_token, cproAccount: cproAccountHeader(SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT.login, SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT.password) };
      expect((await cpro(t, recipient, 'factures/v1/rechercher/recipiendaire', { paramRecherche: {} })).body.codeRetour).toBe(0);
      // Nothing accepts the fixed values except the rows: a wrong password is refused as for any account.
      const wrong = await cpro(t, { ...supplier, cproAccount: cproAccountHeader(SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.login, SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT.password) }, 'utilisateurs/v1/monCompte/recuperer/rattachements');
      expect(wrong.status).toBe(401);
    });
  });

  describe('the daily expiry warning', () => {
    let supplier: Supplier;
    let member: GivenUser;
    beforeAll(async () => {
      supplier = await givenSupplier(t);
      member = await givenActiveUser(t);
      await givenMember(t, supplier.owner, supplier.id, member);
    });

    const sweep = (): Promise<number> => t.app.get(TechnicalAccountExpirySweep).run();

    it('e-mails the connection managers once, 30 days ahead, and again after a re-key', async () => {
      const erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
      const [{ expires_at: expiresAt }] = await sql<{ expires_at: Date }>(t, 'select expires_at from conn_technical_account where id = ?', [erp.technicalAccountId]);
      const untilExpiry = new Date(expiresAt).getTime() - t.clock.now().getTime();

      let advanced = 0;
      const advance = (ms: number): void => {
        t.clock.advance(ms);
        advanced += ms;
      };
      try {
        advance(untilExpiry - 31 * DAY_MS);
        await sweep();
        await settle(t);
        expect(mailsTo(t, supplier.owner.email, TEMPLATE)).toHaveLength(0);

        advance(2 * DAY_MS);
        expect(await sweep()).toBeGreaterThanOrEqual(1);
        await settle(t);
        const mails = mailsTo(t, supplier.owner.email, TEMPLATE);
        expect(mails).toHaveLength(1);
        // A member with the default grants (Raccordements – modification, Organisation – consultation) may
        // neither re-key the account nor even list it: he is not told of it.
        expect(mailsTo(t, member.email, TEMPLATE)).toHaveLength(0);
        expect(mails[0]!.subject).toContain(erp.login);
        expect(mails[0]!.text).toContain('29 jours');
        const [row] = await sql<{ expiry_warning_sent_at: Date | null }>(t, 'select expiry_warning_sent_at from conn_technical_account where id = ?', [erp.technicalAccountId]);
        expect(row!.expiry_warning_sent_at).not.toBeNull();

        // Not twice: the next days' sweeps leave it alone.
        advance(DAY_MS);
        await sweep();
        await sweep();
        await settle(t);
        expect(mailsTo(t, supplier.owner.email, TEMPLATE)).toHaveLength(1);

        // A re-key (today: the manager's session is short-lived) gives a new expiry and a new warning when it comes.
        t.clock.advance(-advanced);
        advanced = 0;
        const rekeyed = await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/password`, undefined, { token: supplier.owner.token });
        expect(rekeyed.status).toBe(200);
        await sweep();
        await settle(t);
        expect(mailsTo(t, supplier.owner.email, TEMPLATE)).toHaveLength(1);
        advance(new Date(rekeyed.body.expiresAt).getTime() - t.clock.now().getTime() - 10 * DAY_MS);
        await sweep();
        await settle(t);
        expect(mailsTo(t, supplier.owner.email, TEMPLATE)).toHaveLength(2);
      } finally {
        t.clock.advance(-advanced);
      }
    });

    it('does not warn about deactivated accounts', async () => {
      const erp = await givenErpConnection(t, supplier.owner.token, supplier.id);
      await t.http.post(`/api/v1/technical-accounts/${erp.technicalAccountId}/deactivation`, undefined, { token: supplier.owner.token });
      const em = t.app.get(EntityManager).fork();
      const before = mailsTo(t, supplier.owner.email, TEMPLATE).length;
      const [{ expires_at: expiresAt }] = await em.getConnection().execute<{ expires_at: Date }[]>('select expires_at from conn_technical_account where id = ?', [erp.technicalAccountId]);
      const shift = new Date(expiresAt).getTime() - t.clock.now().getTime() - 5 * DAY_MS;
      t.clock.advance(shift);
      try {
        await sweep();
        await settle(t);
        expect(mailsTo(t, supplier.owner.email, TEMPLATE).filter((m) => m.subject.includes(erp.login))).toHaveLength(0);
        expect(mailsTo(t, supplier.owner.email, TEMPLATE).length).toBeGreaterThanOrEqual(before);
      } finally {
        t.clock.advance(-shift);
      }
    });
  });
});
