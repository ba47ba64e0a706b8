import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, TechnicalAccountActor, UserActor } from '../../../shared/auth/actor';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Clock } from '../../../shared/time/clock';
import { UserDirectory } from '../../accounts/contracts/users';
import { Grant } from '../../habilitations/contracts/applications';
import { Authorization, MembershipSummary } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { ApiGroup } from '../contracts/api-groups';
import { EXPIRY_WARNING_DAYS, passwordDaysLeft } from '../domain/technical-account.entity';

interface ClientRow {
  id: string;
  client_id: string;
  name: string;
  api_groups: ApiGroup[];
  secret_rotated_at: string | Date;
}

interface AccountRow {
  id: string;
  login: string;
  label: string | null;
  expires_at: string | Date;
  last_used_at: string | Date | null;
}

/** Where the caller acts, with what it may do there now. */
export interface CredentialStructureView {
  structureId: string;
  structurePublicId: number | null;
  identifier: string;
  identifierType: string;
  companyName: string;
  principal: boolean;
  serviceId: string | null;
  grants: Grant[];
}

export interface CredentialsView {
  kind: 'user' | 'technical-account';
  tokenExpiresAt: string;
  tokenExpiresIn: number;
  user: { id: string; loginEmail: string; firstName: string; lastName: string; isAdmin: boolean } | null;
  oauthClient: { id: string; clientId: string; name: string; apiGroups: ApiGroup[]; secretRotatedAt: string } | null;
  technicalAccount: { id: string; login: string; label: string | null; passwordExpiresAt: string; passwordDaysLeft: number; lastUsedAt: string | null } | null;
  structures: CredentialStructureView[];
  warnings: Array<'TECHNICAL_ACCOUNT_PASSWORD_EXPIRES_SOON'>;
}

const iso = (value: string | Date): string => new Date(value).toISOString();

/**
 * "Who am I" for an API caller (issue 20, credential health): the person, or the API application and
 * technical account of a client token, where it acts with its effective grants, and when its token and
 * the technical account's password expire. Secrets (client secret, password, hashes) are never read.
 * A caller the guard refused (revoked client, expired password, suspended account) never gets here.
 */
@Injectable()
export class DescribeCredentials {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
  ) {}

  async execute(actor: Actor, tokenExpiresAt: Date | null): Promise<CredentialsView> {
    const now = this.clock.now();
    const expiry = tokenExpiresAt ?? now;
    const token = { tokenExpiresAt: expiry.toISOString(), tokenExpiresIn: Math.max(0, Math.floor((expiry.getTime() - now.getTime()) / 1000)) };
    return actor.kind === 'user' ? { ...token, ...(await this.ofUser(actor)) } : { ...token, ...(await this.ofTechnicalAccount(actor, now)) };
  }

  private async ofUser(actor: UserActor): Promise<Omit<CredentialsView, 'tokenExpiresAt' | 'tokenExpiresIn'>> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(CommonErrors.UNAUTHENTICATED);
    const memberships = await this.authorization.membershipsOf(actor.userId);
    return {
      kind: 'user',
      user: { id: user.id, loginEmail: user.loginEmail, firstName: user.firstName, lastName: user.lastName, isAdmin: actor.isAdmin },
      oauthClient: null,
      technicalAccount: null,
      structures: await this.structures(memberships),
      warnings: [],
    };
  }

  private async ofTechnicalAccount(actor: TechnicalAccountActor, now: Date): Promise<Omit<CredentialsView, 'tokenExpiresAt' | 'tokenExpiresIn'>> {
    const [client] = await rawRows<ClientRow>(this.em, 'select id, client_id, name, api_groups, secret_rotated_at from conn_oauth_client where id = ?', [actor.oauthClientId]);
    const [account] = await rawRows<AccountRow>(this.em, 'select id, login, label, expires_at, last_used_at from conn_technical_account where id = ?', [
      actor.technicalAccountId,
    ]);
    // The strategy's own check of this request, remembered per actor: no second read.
    const rights = await this.authorization.technicalAccountRights(actor);
    if (!client || !account || !rights) throw new DomainError(CommonErrors.UNAUTHENTICATED);
    const expiresAt = new Date(account.expires_at);
    const daysLeft = passwordDaysLeft(expiresAt, now);
    return {
      kind: 'technical-account',
      user: null,
      oauthClient: { id: client.id, clientId: client.client_id, name: client.name, apiGroups: client.api_groups, secretRotatedAt: iso(client.secret_rotated_at) },
      technicalAccount: {
        id: account.id,
        login: account.login,
        label: account.label,
        passwordExpiresAt: expiresAt.toISOString(),
        passwordDaysLeft: daysLeft,
        lastUsedAt: account.last_used_at === null ? null : iso(account.last_used_at),
      },
      structures: await this.structures([{ structureId: actor.structureId, principal: false, ...rights }]),
      warnings: daysLeft <= EXPIRY_WARNING_DAYS ? ['TECHNICAL_ACCOUNT_PASSWORD_EXPIRES_SOON'] : [],
    };
  }

  /** The caller's own structures (it is a member or their account): shown whole, no disclosure rule applies to names. */
  private async structures(memberships: Array<MembershipSummary & { structureId: string }>): Promise<CredentialStructureView[]> {
    const byId = new Map((await this.catalog.findByIds(memberships.map((m) => m.structureId))).map((s) => [s.id, s]));
    return memberships.flatMap((m) => {
      const structure = byId.get(m.structureId);
      if (!structure) return [];
      return [
        {
          structureId: structure.id,
          structurePublicId: structure.publicId,
          identifier: structure.identifier,
          identifierType: structure.identifierType,
          companyName: structure.companyName,
          principal: m.principal,
          serviceId: m.serviceId,
          grants: m.grants.map((g) => ({ application: g.application, level: g.level })),
        },
      ];
    });
  }
}
