import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { Actor } from '../../../shared/auth/actor';
import { randomToken } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { Grant, isApplicationCode, isGrantLevel } from '../../habilitations/contracts/applications';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { ConnectionsErrors } from '../domain/connections.errors';
import { defaultTechnicalAccountGrants, TechnicalAccount, technicalLogin } from '../domain/technical-account.entity';
import { SecretHasher } from '../infrastructure/secret-hasher';
import { TechnicalAccountVerifier } from './technical-account-verifier';

export const TECHNICAL_ACCOUNT_NUMBER_SEQUENCE = 'conn_technical_account_number_seq';
const DAY_MS = 24 * 3600 * 1000;

export interface TechnicalAccountView {
  id: string;
  login: string;
  label: string | null;
  structureId: string;
  active: boolean;
  expiresAt: string;
  grants: Grant[];
  createdAt: string;
}

/** Shown once, at creation and at each re-key. */
export interface TechnicalAccountCredentials {
  id: string;
  login: string;
  password: string;
  expiresAt: string;
}

export const technicalAccountView = (a: TechnicalAccount): TechnicalAccountView => ({
  id: a.id,
  login: a.login,
  label: a.label,
  structureId: a.structureId,
  active: a.active,
  expiresAt: a.expiresAt.toISOString(),
  grants: a.grants,
  createdAt: a.createdAt.toISOString(),
});

/** 192 random bits, URL-safe (never contains ':' so the header's `login:password` split is unambiguous). */
export const newTechnicalPassword = (): string => randomToken(24);

function parseGrants(raw: unknown): Grant[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new DomainError(ConnectionsErrors.GRANTS_INVALID, {}, 'grants');
  return raw.map((g: unknown) => {
    const { application, level } = (g ?? {}) as { application?: unknown; level?: unknown };
    if (typeof application !== 'string' || !isApplicationCode(application) || typeof level !== 'string' || !isGrantLevel(level)) {
      throw new DomainError(ConnectionsErrors.GRANTS_INVALID, {}, 'grants');
    }
    return { application, level };
  });
}

async function nextNumber(em: EntityManager): Promise<number> {
  const [{ n }] = await em.getConnection().execute<{ n: string }[]>(`select nextval('${TECHNICAL_ACCOUNT_NUMBER_SEQUENCE}') as n`);
  return Number(n);
}

/** Created by a member holding Raccordements – modification; the password is returned once. */
@Injectable()
export class CreateTechnicalAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly hasher: SecretHasher,
  ) {}

  async execute(
    actor: Actor,
    structureId: string,
    input: { label?: string | null; grants?: unknown },
    /** Sandbox seed only (never reachable from the API): documented fixed credentials, stored as ordinary rows. */
    options: { password?: string; login?: string; number?: number } = {},
  ): Promise<TechnicalAccountCredentials> {
    await this.authorization.require(actor, structureId, 'RACCORDEMENTS', 'MODIFICATION');
    const structure = await this.catalog.findById(structureId);
    if (!structure) throw new DomainError(ConnectionsErrors.STRUCTURE_NOT_FOUND);
    const label = typeof input.label === 'string' && input.label.trim() !== '' ? input.label.trim() : null;
    if (label && label.length > 60) throw new DomainError(ConnectionsErrors.LABEL_INVALID, {}, 'label');
    const grants = parseGrants(input.grants) ?? defaultTechnicalAccountGrants();
    const password = options.password ?? newTechnicalPassword();
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    return this.em.transactional(async (em) => {
      const number = options.number ?? (await nextNumber(em));
      const account = new TechnicalAccount({
        number,
        structureId,
        label,
        login: options.login ?? technicalLogin(number, label ?? structure.companyName, this.config.connections.loginDomain),
        passwordHash,
        grants,
        expiresAt: new Date(now.getTime() + this.config.connections.technicalAccountTtlDays * DAY_MS),
        createdBy: actor.kind === 'user' ? actor.userId : null,
        now,
      });
      em.persist(account);
      return { id: account.id, login: account.login, password, expiresAt: account.expiresAt.toISOString() };
    });
  }
}

@Injectable()
export class ListTechnicalAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
  ) {}

  async execute(actor: Actor, structureId: string): Promise<TechnicalAccountView[]> {
    await this.authorization.require(actor, structureId, 'RACCORDEMENTS', 'CONSULTATION');
    const accounts = await this.em.find(TechnicalAccount, { structureId }, { orderBy: { createdAt: 'asc' } });
    return accounts.map(technicalAccountView);
  }
}

/** Loads an account for a Raccordements – modification holder of its structure (404 for anyone else). */
async function forChange(em: EntityManager, authorization: Authorization, actor: Actor, id: string): Promise<TechnicalAccount> {
  const account = await em.findOne(TechnicalAccount, { id });
  if (!account || !(await authorization.allows(actor, account.structureId, 'RACCORDEMENTS', 'CONSULTATION'))) {
    throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND);
  }
  await authorization.require(actor, account.structureId, 'RACCORDEMENTS', 'MODIFICATION');
  return account;
}

/** New password (shown once), new expiry; the previous password stops working at once everywhere. */
@Injectable()
export class RekeyTechnicalAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly authorization: Authorization,
    private readonly hasher: SecretHasher,
    private readonly verifier: TechnicalAccountVerifier,
  ) {}

  async execute(actor: Actor, id: string): Promise<TechnicalAccountCredentials> {
    const password = newTechnicalPassword();
    const passwordHash = await this.hasher.hash(password);
    const result = await this.em.transactional(async (em) => {
      const account = await forChange(em, this.authorization, actor, id);
      if (!account.active) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_INACTIVE);
      const now = this.clock.now();
      account.rekey(passwordHash, new Date(now.getTime() + this.config.connections.technicalAccountTtlDays * DAY_MS), now);
      return { id: account.id, login: account.login, password, expiresAt: account.expiresAt.toISOString() };
    });
    this.verifier.forget(id);
    return result;
  }
}

@Injectable()
export class DeactivateTechnicalAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly verifier: TechnicalAccountVerifier,
  ) {}

  async execute(actor: Actor, id: string): Promise<TechnicalAccountView> {
    const view = await this.em.transactional(async (em) => {
      const account = await forChange(em, this.authorization, actor, id);
      if (account.active) account.deactivate(this.clock.now());
      return technicalAccountView(account);
    });
    this.verifier.forget(id);
    return view;
  }
}
