import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy as PassportBase } from 'passport-strategy';
import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { RowCache, RowChanges } from '../../../shared/persistence/row-changes';
import { Clock } from '../../../shared/time/clock';
import { TechnicalAccountVerifier } from '../application/technical-account-verifier';
import { UserActivity } from '../../accounts/contracts/users';
import { Authorization } from '../../habilitations/contracts/authorization';
import { ApiGroup, apiGroupOfRequest, openToEveryClient } from '../contracts/api-groups';
import { ConnectionsErrors } from '../domain/connections.errors';
import { OAuthClient } from '../domain/oauth-client.entity';
import { ClientTokens } from './client-tokens';
import { invalidTextError, isInvalidText } from '../../../shared/http/text-rule';

/** What the check needs of an OAuth client (cached by id, kept exact: architecture D13). */
interface ClientFacts {
  id: string;
  clientId: string;
  apiGroups: ApiGroup[];
  revoked: boolean;
  ownerUserId: string | null;
}

export const CLIENT_CREDENTIALS_STRATEGY = 'client-credentials';
export const CPRO_ACCOUNT_HEADER = 'cpro-account';

type Verify = (request: FastifyRequest, done: (error: unknown, user?: unknown) => void) => void;

/** A passport strategy that hands the whole request to `validate` (the mixin supplies `verify`). */
class RequestStrategy extends PassportBase {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(request: Parameters<PassportBase['authenticate']>[0]): void {
    this.verify(request as unknown as FastifyRequest, (error, user) => {
      if (error) return this.error(error as Error);
      if (!user) return this.fail(401);
      return this.success(user);
    });
  }
}

/** `login:password` from the header's base64, or null when unreadable. */
export function readCproAccount(header: string | string[] | undefined): { login: string; password: string } | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
  // The text rule of every input (a NUL in the login reached PostgreSQL, which refused the statement).
  if (isInvalidText(decoded)) throw invalidTextError(CPRO_ACCOUNT_HEADER);
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { login: decoded.slice(0, colon).trim(), password: decoded.slice(colon + 1) };
}

/**
 * Machines: `Authorization: Bearer <client token>` AND `cpro-account: base64(login:password)`. A token
 * that is not a live client token fails (the guard answers 401, or another strategy succeeds); a valid
 * token with a bad, inactive or expired technical account is refused with
 * CONNECTIONS.TECHNICAL_ACCOUNT_REFUSED (401 + WWW-Authenticate on /cpro). Then, on every route a client
 * token reaches (/cpro and /api/v1): a route of an API group the client was not given answers
 * API_GROUP_FORBIDDEN, a people-only route API_ROUTE_PEOPLE_ONLY (both 403), decided on the route the
 * router dispatched to (`apiGroupOfRequest`); and an account whose creator is no longer an active member of
 * its structure (or no longer an active user) answers TECHNICAL_ACCOUNT_SUSPENDED (403).
 */
@Injectable()
export class ClientCredentialsStrategy extends PassportStrategy(RequestStrategy, CLIENT_CREDENTIALS_STRATEGY) {
  private readonly clients: RowCache<ClientFacts>;
  private readonly logger = new Logger('ClientCredentials');

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly tokens: ClientTokens,
    private readonly verifier: TechnicalAccountVerifier,
    private readonly authorization: Authorization,
    private readonly users: UserActivity,
    changes: RowChanges,
  ) {
    super();
    this.clients = new RowCache(changes, 'conn_oauth_client');
    changes.forgetOnFlush(OAuthClient, (client) => this.clients.forget(client.id));
  }

  /** The client's row from the process's row cache (revocation clears it everywhere at commit), else one read. */
  private client(id: string): Promise<ClientFacts | undefined> {
    return this.clients.get(id, async () => {
      const [row] = await rawRows<{ id: string; client_id: string; api_groups: ApiGroup[]; revoked_at: unknown; owner_user_id: string | null }>(
        this.em,
        'select id, client_id, api_groups, revoked_at, owner_user_id from conn_oauth_client where id = ?',
        [id],
      );
      return row && { id: row.id, clientId: row.client_id, apiGroups: row.api_groups, revoked: row.revoked_at !== null, ownerUserId: row.owner_user_id };
    });
  }

  async validate(request: FastifyRequest): Promise<TechnicalAccountActor | false> {
    const authorization = request.headers.authorization;
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) return false;
    const claims = this.tokens.verify(match[1]!, Math.floor(this.clock.now().getTime() / 1000));
    if (!claims) return false;
    const credentials = readCproAccount(request.headers[CPRO_ACCOUNT_HEADER]);
    // The client and the technical account are independent reads: one round trip's latency, not two.
    const [client, account] = await Promise.all([
      this.client(claims.sub),
      credentials ? this.verifier.verify(credentials.login, credentials.password) : Promise.resolve(null),
    ]);
    if (!client || client.revoked || client.clientId !== claims.cid) return false;
    // An API application stops with its owner's user account (deactivated: as if revoked), from the cache D13 keeps exact.
    if (client.ownerUserId && !(await this.users.isActive(client.ownerUserId))) return false;
    if (!credentials) throw new DomainError(ConnectionsErrors.CPRO_ACCOUNT_MISSING);
    if (!account) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_REFUSED);

    const group = apiGroupOfRequest(request.routeOptions?.url, request.url);
    if (group === null) {
      if (!openToEveryClient(request.routeOptions?.url, request.url)) throw new DomainError(ConnectionsErrors.API_ROUTE_PEOPLE_ONLY, {}, 'Authorization');
    } else if (!client.apiGroups.includes(group)) throw new DomainError(ConnectionsErrors.API_GROUP_FORBIDDEN, { group }, 'Authorization');
    const actor: TechnicalAccountActor = {
      kind: 'technical-account',
      technicalAccountId: account.id,
      structureId: account.structureId,
      oauthClientId: client.id,
      apiGroups: [...client.apiGroups],
      grants: account.grants,
      createdBy: account.createdBy,
    };
    if (!(await this.authorization.technicalAccountRights(actor))) throw new DomainError(ConnectionsErrors.TECHNICAL_ACCOUNT_SUSPENDED, {}, CPRO_ACCOUNT_HEADER);
    await this.verifier.recordUse(account.id).catch((error: unknown) => this.logger.warn({ msg: 'last use not recorded', technicalAccountId: account.id, error: String(error) }));
    return actor;
  }
}
