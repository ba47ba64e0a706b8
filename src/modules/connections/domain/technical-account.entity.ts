import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { Grant, normalizeGrants } from '../../habilitations/contracts/applications';

/** Default lifetime of a technical account's password (the real platform: 424 days). */
export const DEFAULT_TECHNICAL_ACCOUNT_TTL_DAYS = 424;
/** E-mail warning this many days before expiry. */
export const EXPIRY_WARNING_DAYS = 30;

/** Whole days until the password expires, rounded up (0 once expired): the warning e-mail's and credential health's count. */
export function passwordDaysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / (24 * 3600 * 1000)));
}

/**
 * What a new technical account may do on its structure: deposit/follow issued invoices and flows, and read
 * the engagements made to it (ERPs check an order's engagement number before invoicing, docs/engagements.md).
 */
export function defaultTechnicalAccountGrants(): Grant[] {
  return [
    { application: 'FACTURES_EMISES', level: 'MODIFICATION' },
    { application: 'SUIVI_FLUX', level: 'MODIFICATION' },
    { application: 'ENGAGEMENTS', level: 'CONSULTATION' },
  ];
}

/** `TECH_<n>_<slug>@<domain>`: slug from the label (or the structure name), ASCII, at most 20 characters. */
export function technicalLogin(number: number, name: string, domain: string): string {
  const slug =
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 20)
      .replace(/-+$/g, '') || 'compte';
  return `TECH_${number}_${slug}@${domain}`;
}

/**
 * A non-human account of a structure, used by ERP software with the `cpro-account` header. Its password
 * (≥ 128 random bits) is shown once and stored as an argon2id hash; `passwordVersion` changes at every
 * re-key or deactivation so verification caches can be checked with one cheap read.
 */
@Entity({ tableName: 'conn_technical_account' })
@Index({ name: 'conn_technical_account_structure_idx', properties: ['structureId'] })
@Index({ name: 'conn_technical_account_expiry_idx', properties: ['active', 'expiresAt'] })
export class TechnicalAccount {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The `<n>` of the login, drawn from the sequence conn_technical_account_number_seq. */
  @Property({ type: new BigIntType('number'), unique: 'conn_technical_account_number_unique' })
  number: number;

  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'string', length: 60, nullable: true })
  label: string | null;

  @Property({ type: 'string', length: 200, unique: 'conn_technical_account_login_unique' })
  login: string;

  @Property({ type: 'string', length: 200, hidden: true })
  passwordHash: string;

  @Property({ type: 'integer' })
  passwordVersion: number = 1;

  @Property({ type: 'json' })
  grants: Grant[];

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  expiryWarningSentAt: Date | null = null;

  /**
   * The user it acts for: its creator, then whoever last re-keyed it (he alone received its password). The
   * account never holds more than his current membership allows (habilitations' Authorization), and stops
   * with it. Rows older than this rule got the structure's principal manager (migration
   * technical_account_creator); null is refused at every call.
   */
  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null;

  /** Last successful authentication, written at most once a minute per account (LAST_USE_RESOLUTION_MS). */
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  @Property({ type: 'datetime', nullable: true })
  deactivatedAt: Date | null = null;

  constructor(props: {
    number: number;
    structureId: string;
    label: string | null;
    login: string;
    passwordHash: string;
    grants: Grant[];
    expiresAt: Date;
    createdBy: string | null;
    now: Date;
  }) {
    this.number = props.number;
    this.structureId = props.structureId;
    this.label = props.label;
    this.login = props.login;
    this.passwordHash = props.passwordHash;
    this.grants = normalizeGrants(props.grants);
    this.expiresAt = props.expiresAt;
    this.createdBy = props.createdBy;
    this.createdAt = props.now;
    this.updatedAt = props.now;
  }

  usable(now: Date): boolean {
    return TechnicalAccount.usableAt(this.active, this.expiresAt, now);
  }

  /** The rule of `usable` on raw column values (the per-call check reads them without the ORM). */
  static usableAt(active: boolean, expiresAt: Date, now: Date): boolean {
    return active && expiresAt.getTime() > now.getTime();
  }

  /**
   * New password, handed to `by`: the account now acts for him. Otherwise a manager who re-keyed another's
   * account would keep, in its password, a credential that outlives his own membership.
   */
  rekey(passwordHash: string, expiresAt: Date, now: Date, by: string): void {
    this.createdBy = by;
    this.passwordHash = passwordHash;
    this.passwordVersion += 1;
    this.expiresAt = expiresAt;
    this.expiryWarningSentAt = null;
    this.updatedAt = now;
  }

  changeGrants(grants: Grant[], now: Date): void {
    this.grants = normalizeGrants(grants);
    this.updatedAt = now;
  }

  deactivate(now: Date): void {
    this.active = false;
    this.passwordVersion += 1;
    this.deactivatedAt = now;
    this.updatedAt = now;
  }
}
