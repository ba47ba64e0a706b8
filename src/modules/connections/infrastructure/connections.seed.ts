import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserActor } from '../../../shared/auth/actor';
import { SandboxSeed, SandboxSeedProvider, SeedReport } from '../../../shared/seed/sandbox-seed';
import { SANDBOX_DEMO_USERS } from '../../accounts/contracts/sandbox';
import { UserDirectory } from '../../accounts/contracts/users';
import { Grant } from '../../habilitations/contracts/applications';
import { SANDBOX_DEMO_STRUCTURES } from '../../organisation/contracts/sandbox';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { CreateOAuthClient } from '../application/oauth-clients.use-cases';
import { CreateTechnicalAccount } from '../application/technical-accounts.use-cases';
import { API_GROUPS } from '../contracts/api-groups';
import { OAuthClient } from '../domain/oauth-client.entity';
import { TechnicalAccount } from '../domain/technical-account.entity';

/**
 * SANDBOX ONLY: documented, fixed API credentials so integrators can try an ERP connector at once
 * (README "Sandbox" and docs/connect-your-erp.md). They are stored by this seed as ordinary rows (hashed
 * secrets); nothing else in the code knows or accepts them. Re-key them (or do not run the seed) anywhere
 * that is not a sandbox. The numbers are far above the login sequence's values.
 */
export const SANDBOX_OAUTH_CLIENT = {
  clientId: 'liasse-sandbox-erp',
  clientSecret: 'sandbox-erp-secret-2026-not-for-production',
  name: 'ERP de démonstration (bac à sable)',
} as const;

export const SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT = {
  number: 900001,
  login: 'TECH_900001_demo-fournisseur@cpro.liasse.localhost',
  password: 'Sandbox-Fournisseur-2026-not-for-production',
  label: 'demo fournisseur',
} as const;

export const SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT = {
  number: 900002,
  login: 'TECH_900002_demo-acheteur@cpro.liasse.localhost',
  password: 'Sandbox-Acheteur-2026-not-for-production',
  label: 'demo acheteur',
} as const;

const RECIPIENT_GRANTS: Grant[] = [
  { application: 'FACTURES_RECUES', level: 'MODIFICATION' },
  { application: 'SUIVI_FLUX', level: 'CONSULTATION' },
  { application: 'ENGAGEMENTS', level: 'MODIFICATION' },
];

const cproAccount = (a: { login: string; password: string }): string => Buffer.from(`${a.login}:${a.password}`).toString('base64');

/**
 * For the demo supplier structure: a technical account (default grants: issued invoices and flows, engagements read) and
 * an OAuth client with every API group, owned by the demo supplier; for the demo public recipient: a
 * technical account with received invoices (+ flow follow-up). Idempotent: existing rows are kept.
 */
@SandboxSeedProvider(30)
@Injectable()
export class ConnectionsSeed implements SandboxSeed {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UserDirectory,
    private readonly catalog: StructureCatalog,
    private readonly createAccount: CreateTechnicalAccount,
    private readonly createClient: CreateOAuthClient,
  ) {}

  async run(): Promise<SeedReport> {
    const title = 'API connections (sandbox only — see docs/connect-your-erp.md)';
    const supplierUser = await this.users.findByLoginEmail(SANDBOX_DEMO_USERS.supplier.email);
    const recipientUser = await this.users.findByLoginEmail(SANDBOX_DEMO_USERS.recipient.email);
    const supplier = await this.catalog.findByIdentifier(SANDBOX_DEMO_STRUCTURES.supplierSiret, 'SIRET');
    const recipient = await this.catalog.findByIdentifier(SANDBOX_DEMO_STRUCTURES.recipientSiret, 'SIRET');
    if (!supplierUser || !recipientUser || !supplier || !recipient) {
      return { title, lines: ['Demo users or structures missing: run the accounts and organisation seeds first'] };
    }

    const client = await this.ensureClient(seedActor(supplierUser.id));
    const supplierAccount = await this.ensureAccount(seedActor(supplierUser.id), supplier.id, SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT);
    const recipientAccount = await this.ensureAccount(seedActor(recipientUser.id), recipient.id, SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT, RECIPIENT_GRANTS);
    return {
      title,
      lines: [
        `OAuth client (all API groups, owned by ${supplierUser.loginEmail}): client_id ${SANDBOX_OAUTH_CLIENT.clientId} / client_secret ${SANDBOX_OAUTH_CLIENT.clientSecret}${client}`,
        `Technical account of ${supplier.companyName} (SIRET ${supplier.identifier}): ${SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.login} / ${SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT.password}${supplierAccount}`,
        `  cpro-account: ${cproAccount(SANDBOX_SUPPLIER_TECHNICAL_ACCOUNT)}`,
        `Technical account of ${recipient.companyName} (SIRET ${recipient.identifier}, received invoices): ${SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT.login} / ${SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT.password}${recipientAccount}`,
        `  cpro-account: ${cproAccount(SANDBOX_RECIPIENT_TECHNICAL_ACCOUNT)}`,
      ],
    };
  }

  /** '' when created now, a note when the row already existed (it is left as it is: it may have been re-keyed). */
  private async ensureClient(owner: UserActor): Promise<string> {
    const existing = await this.em.findOne(OAuthClient, { clientId: SANDBOX_OAUTH_CLIENT.clientId });
    if (existing) return existing.revokedAt ? ' (exists, REVOKED)' : ' (exists)';
    await this.createClient.execute(owner, { name: SANDBOX_OAUTH_CLIENT.name, apiGroups: [...API_GROUPS] }, { clientId: SANDBOX_OAUTH_CLIENT.clientId, clientSecret: SANDBOX_OAUTH_CLIENT.clientSecret });
    return '';
  }

  private async ensureAccount(
    manager: UserActor,
    structureId: string,
    fixed: { number: number; login: string; password: string; label: string },
    grants?: Grant[],
  ): Promise<string> {
    const existing = await this.em.findOne(TechnicalAccount, { login: fixed.login });
    if (existing) return existing.active ? ` (exists, expires ${existing.expiresAt.toISOString().slice(0, 10)})` : ' (exists, DEACTIVATED)';
    await this.createAccount.execute(manager, structureId, { label: fixed.label, grants }, { number: fixed.number, login: fixed.login, password: fixed.password });
    return '';
  }
}

/** The seed acts as the structure's demo manager (authorization applies as for a person). */
function seedActor(userId: string): UserActor {
  return { kind: 'user', userId, sessionId: 'sandbox-seed', isAdmin: false };
}
