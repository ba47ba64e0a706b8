import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/config';
import { UserActor } from '../../../shared/auth/actor';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { Outbox } from '../../../shared/outbox/outbox';
import { UserDirectory } from '../../accounts/contracts/users';
import { randomToken } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { Grant, isApplicationCode, isGrantLevel } from '../../habilitations/contracts/applications';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { ConnectionsErrors } from '../domain/connections.errors';
import { defaultTechnicalAccountGrants, TechnicalAccount, technicalLogin } from '../domain/technical-account.entity';
import { isStructureManager, managesConnections, MemberFacts } from '../../habilitations/contracts/managers';
import { grantsBeyond } from '../domain/technical-account-rules';
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
  /** The account's own grants; what it may do is `effectiveGrants`. */
  grants: Grant[];
  createdAt: string;
  /** The user it acts for: it never holds more than his current membership (null: none recorded, refused). */
  createdBy: { userId: string; loginEmail: string; firstName: string; lastName: string } | null;
  /** false when its creator is no longer an active member of the structure (or no longer active): refused. */
  creatorActive: boolean;
  /** Its creator's service when he is attached to one (the account then sees that service only); null: the whole structure. */
  serviceId: string | null;
  /** Own grants ∩ the creator's current grants ([] while suspended). */
  effectiveGrants: Grant[];
  lastUsedAt: string | null;
}

/** Shown once, at creation and at each re-key. */
export interface TechnicalAccountCredentials {
  id: string;
  login: string;
  password: string;
  expiresAt: string;
}

/** The view of accounts of one structure, with their creators and what each may do now. */
async function viewsOf(accounts: TechnicalAccount[], authorization: Authorization, users: UserDirectory): Promise<TechnicalAccountView[]> {
  const creators = new Map((await users.findByIds([...new Set(accounts.flatMap((a) => (a.createdBy ? [a.createdBy] : [])))])).map((u) => [u.id, u]));
  // One after the other: a cold cache reads each creator once, without taking a pooled connection per account.
  const views: TechnicalAccountView[] = [];
  for (const a of accounts) {
    const rights = await authorization.technicalAccountRights({
      kind: 'technical-account',
      technicalAccountId: a.id,
      structureId: a.structureId,
      oauthClientId: '',
      apiGroups: [],
      grants: a.grants,
      createdBy: a.createdBy,
    });
    const creator = a.createdBy ? creators.get(a.createdBy) : undefined;
    views.push({
      id: a.id,
      login: a.login,
      label: a.label,
      structureId: a.structureId,
      active: a.active,
      expiresAt: a.expiresAt.toISOString(),
      grants: a.grants,
      createdAt: a.createdAt.toISOString(),
      createdBy: creator ? { userId: creator.id, loginEmail: creator.loginEmail, firstName: creator.firstName, lastName: creator.lastName } : null,
      creatorActive: rights !== null,
      serviceId: rights?.serviceId ?? null,
      effectiveGrants: rights?.grants ?? [],
      lastUsedAt: a.lastUsedAt?.toISOString() ?? null,
    });
  }
  return views;
}

/**
 * The caller's active membership on the structure, for the technical-account rules; a non-member gets
 * COMMON.FORBIDDEN, as for any structure data (he cannot tell an existing structure from a missing one).
 */
async function memberFor(authorization: Authorization, actor: UserActor, structureId: string): Promise<MemberFacts> {
  const member = await authorization.membershipOf(actor.userId, structureId);
  if (!member) throw new DomainError(CommonErrors.FORBIDDEN);
  return member;
}

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
  const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('${TECHNICAL_ACCOUNT_NUMBER_SEQUENCE}') as n`);
  return Number(n);
}

/**
 * Created by a manager of the structure allowed to manage technical accounts (`managesConnections`),
 * with grants he holds himself; the account records him as its creator and never holds more than he
 * currently does. The password is returned once; the principal manager is e-mailed (event
 * `connections.technical-account-created`).
 */
@Injectable()
export class CreateTechnicalAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly hasher: SecretHasher,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    actor: UserActor,
    structureId: string,
    input: { label?: string | null; grants?: unknown },
    /** Sandbox seed only (never reachable from the API): documented fixed credentials, stored as ordinary rows. */
    options: { password?: string; login?: string; number?: number } = {},
  ): Promise<TechnicalAccountCredentials> {
    const member = await memberFor(this.authorization, actor, structureId);
    if (!managesConnections(member)) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNTS_MANAGERS_ONLY);
    const structure = await this.catalog.findById(structureId);
    if (!structure) throw new DomainError(ConnectionsErrors.STRUCTURE_NOT_FOUND);
    const label = typeof input.label === 'string' && input.label.trim() !== '' ? input.label.trim() : null;
    if (label && label.length > 60) throw new DomainError(ConnectionsErrors.LABEL_INVALID, {}, 'label');
    const grants = parseGrants(input.grants) ?? defaultTechnicalAccountGrants();
    const beyond = grantsBeyond(grants, member.grants);
    if (beyond.length > 0) throw new DomainError(ConnectionsErrors.GRANTS_EXCEED_CREATOR, { applications: beyond.join(', ') }, 'grants');
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
        createdBy: actor.userId,
        now,
      });
      em.persist(account);
      this.outbox.record(em, 'connections.technical-account-created', { technicalAccountId: account.id, structureId, createdBy: actor.userId }, { kind: 'user', id: actor.userId });
      return { id: account.id, login: account.login, password, expiresAt: account.expiresAt.toISOString() };
    });
  }
}

/**
 * Every manager of the structure (`isStructureManager`) sees all its technical accounts, with creator,
 * scope, grants and last use; another member holding Raccordements – consultation sees those he created.
 */
@Injectable()
export class ListTechnicalAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly users: UserDirectory,
  ) {}

  async execute(actor: UserActor, structureId: string): Promise<TechnicalAccountView[]> {
    const member = await memberFor(this.authorization, actor, structureId);
    const all = isStructureManager(member);
    if (!all && !(await this.authorization.allows(actor, structureId, 'RACCORDEMENTS', 'CONSULTATION'))) throw new DomainError(CommonErrors.FORBIDDEN);
    const accounts = await this.em.find(TechnicalAccount, all ? { structureId } : { structureId, createdBy: actor.userId }, { orderBy: { createdAt: 'asc' } });
    return viewsOf(accounts, this.authorization, this.users);
  }
}

/**
 * Loads an account for a change. Re-keying and changing grants need `managesConnections` and every
 * grant the account holds: a re-key hands its password to the caller, who must not obtain through it rights
 * he does not hold (an account of the principal manager re-keyed by a lesser manager). Deactivating is open to
 * every manager of the structure and to the account's creator. Anyone who may not even see it gets 404.
 */
async function forChange(
  em: EntityManager,
  authorization: Authorization,
  actor: UserActor,
  id: string,
  change: 'rekey' | 'grants' | 'deactivate',
): Promise<{ account: TechnicalAccount; member: MemberFacts | null }> {
  const account = await em.findOne(TechnicalAccount, { id });
  const member = account ? await authorization.membershipOf(actor.userId, account.structureId) : null;
  const own = account?.createdBy === actor.userId;
  if (!account || (!own && !isStructureManager(member))) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_NOT_FOUND);
  if (change === 'deactivate') return { account, member };
  if (!managesConnections(member)) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNTS_MANAGERS_ONLY);
  const beyond = grantsBeyond(account.grants, member!.grants);
  if (change === 'rekey' && beyond.length > 0) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_EXCEEDS_CALLER, { applications: beyond.join(', ') });
  return { account, member };
}

/**
 * New password (shown once), new expiry; the previous password stops working at once everywhere. The account
 * then acts for the caller (`createdBy`): it follows the membership of whoever holds its password.
 */
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

  async execute(actor: UserActor, id: string): Promise<TechnicalAccountCredentials> {
    const password = newTechnicalPassword();
    const passwordHash = await this.hasher.hash(password);
    const result = await this.em.transactional(async (em) => {
      const { account } = await forChange(em, this.authorization, actor, id, 'rekey');
      if (!account.active) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_INACTIVE);
      const now = this.clock.now();
      account.rekey(passwordHash, new Date(now.getTime() + this.config.connections.technicalAccountTtlDays * DAY_MS), now, actor.userId);
      return { id: account.id, login: account.login, password, expiresAt: account.expiresAt.toISOString() };
    });
    this.verifier.forget(id);
    return result;
  }
}

/**
 * Replaces an account's own grants (a manager allowed to manage technical accounts, with grants he holds;
 * what the account may do stays capped by its creator). Effective at the next call in every process.
 */
@Injectable()
export class ChangeTechnicalAccountGrants {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly users: UserDirectory,
  ) {}

  async execute(actor: UserActor, id: string, input: { grants?: unknown }): Promise<TechnicalAccountView> {
    const grants = parseGrants(input.grants);
    if (!grants) throw new DomainError(ConnectionsErrors.GRANTS_INVALID, {}, 'grants');
    const account = await this.em.transactional(async (em) => {
      const { account, member } = await forChange(em, this.authorization, actor, id, 'grants');
      if (!account.active) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_INACTIVE);
      const beyond = grantsBeyond(grants, member!.grants);
      if (beyond.length > 0) throw new DomainError(ConnectionsErrors.GRANTS_EXCEED_CREATOR, { applications: beyond.join(', ') }, 'grants');
      account.changeGrants(grants, this.clock.now());
      return account;
    });
    const [view] = await viewsOf([account], this.authorization, this.users);
    return view!;
  }
}

@Injectable()
export class DeactivateTechnicalAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly verifier: TechnicalAccountVerifier,
    private readonly users: UserDirectory,
  ) {}

  async execute(actor: UserActor, id: string): Promise<TechnicalAccountView> {
    const account = await this.em.transactional(async (em) => {
      const { account } = await forChange(em, this.authorization, actor, id, 'deactivate');
      if (account.active) account.deactivate(this.clock.now());
      return account;
    });
    this.verifier.forget(id);
    const [view] = await viewsOf([account], this.authorization, this.users);
    return view!;
  }
}
