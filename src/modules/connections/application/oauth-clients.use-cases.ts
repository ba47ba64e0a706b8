import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserActor } from '../../../shared/auth/actor';
import { randomToken, safeEqual, sha256 } from '../../../shared/crypto/tokens';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { UserActivity } from '../../accounts/contracts/users';
import { ApiGroup, API_GROUPS, isApiGroup } from '../contracts/api-groups';
import { ConnectionsErrors } from '../domain/connections.errors';
import { OAuthClient } from '../domain/oauth-client.entity';
import { CLIENT_TOKEN_TTL_SECONDS, ClientTokens } from '../infrastructure/client-tokens';

export interface OAuthClientView {
  id: string;
  clientId: string;
  name: string;
  apiGroups: ApiGroup[];
  createdAt: string;
  secretRotatedAt: string;
  revokedAt: string | null;
}

/** Shown once, at creation and at each rotation. */
export interface OAuthClientCredentials {
  id: string;
  clientId: string;
  clientSecret: string;
}

const view = (c: OAuthClient): OAuthClientView => ({
  id: c.id,
  clientId: c.clientId,
  name: c.name,
  apiGroups: c.apiGroups,
  createdAt: c.createdAt.toISOString(),
  secretRotatedAt: c.secretRotatedAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
});

export function parseApiGroups(raw: unknown): ApiGroup[] {
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isApiGroup)) {
    throw new DomainError(ConnectionsErrors.OAUTH_CLIENT_GROUPS_INVALID, {}, 'apiGroups');
  }
  return API_GROUPS.filter((g) => raw.includes(g));
}

@Injectable()
export class CreateOAuthClient {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute(
    owner: UserActor | null,
    input: { name?: unknown; apiGroups?: unknown },
    fixed: { clientId?: string; clientSecret?: string } = {},
  ): Promise<OAuthClientCredentials> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 100) throw new DomainError(ConnectionsErrors.OAUTH_CLIENT_NAME_INVALID, {}, 'name');
    const apiGroups = parseApiGroups(input.apiGroups);
    const clientId = fixed.clientId ?? `liasse-${randomToken(12)}`;
    const clientSecret = fixed.clientSecret ?? randomToken(32);
    const client = new OAuthClient({ clientId, secretHash: sha256(clientSecret), ownerUserId: owner?.userId ?? null, name, apiGroups, now: this.clock.now() });
    await this.em.persist(client).flush();
    return { id: client.id, clientId, clientSecret };
  }
}

@Injectable()
export class ListOAuthClients {
  constructor(private readonly em: EntityManager) {}

  async execute(owner: UserActor): Promise<OAuthClientView[]> {
    const clients = await this.em.find(OAuthClient, { ownerUserId: owner.userId }, { orderBy: { createdAt: 'asc' } });
    return clients.map(view);
  }
}

async function owned(em: EntityManager, owner: UserActor, id: string): Promise<OAuthClient> {
  const client = await em.findOne(OAuthClient, { id, ownerUserId: owner.userId });
  if (!client) throw new DomainError(ConnectionsErrors.OAUTH_CLIENT_NOT_FOUND);
  return client;
}

/** Revocation: tokens already issued are refused from the next request (the strategy reads the client). */
@Injectable()
export class RevokeOAuthClient {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute(owner: UserActor, id: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const client = await owned(em, owner, id);
      client.revokedAt ??= this.clock.now();
    });
  }
}

/** New secret (shown once); the old one stops working for new tokens; tokens issued before stay valid until they expire. */
@Injectable()
export class RotateOAuthClientSecret {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async execute(owner: UserActor, id: string): Promise<OAuthClientCredentials> {
    return this.em.transactional(async (em) => {
      const client = await owned(em, owner, id);
      if (client.revokedAt) throw new DomainError(ConnectionsErrors.OAUTH_CLIENT_REVOKED);
      const clientSecret = randomToken(32);
      client.secretHash = sha256(clientSecret);
      client.secretRotatedAt = this.clock.now();
      return { id: client.id, clientId: client.clientId, clientSecret };
    });
  }
}

export type TokenRequestError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

export type TokenOutcome =
  | { ok: true; token: { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string } }
  | { ok: false; status: 400 | 401; error: TokenRequestError; description: string };

/** `POST /api/oauth/token`, grant client_credentials (RFC 6749 §4.4), PISTE-shaped answer. */
@Injectable()
export class IssueClientToken {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly tokens: ClientTokens,
    private readonly users: UserActivity,
  ) {}

  async execute(input: { grantType?: string; clientId?: string; clientSecret?: string; scope?: string }): Promise<TokenOutcome> {
    if (!input.grantType) return { ok: false, status: 400, error: 'invalid_request', description: 'grant_type is required' };
    if (input.grantType !== 'client_credentials') {
      return { ok: false, status: 400, error: 'unsupported_grant_type', description: `grant_type ${input.grantType} is not supported; use client_credentials` };
    }
    if (!input.clientId || !input.clientSecret) {
      return { ok: false, status: 400, error: 'invalid_request', description: 'client_id and client_secret are required (form fields or HTTP Basic)' };
    }
    const client = await this.em.fork().findOne(OAuthClient, { clientId: input.clientId });
    // An API application stops with its owner's user account: a deactivated owner's client gets no token (as if revoked).
    const valid =
      client !== null &&
      client.revokedAt === null &&
      safeEqual(client.secretHash, sha256(input.clientSecret)) &&
      (client.ownerUserId === null || (await this.users.isActive(client.ownerUserId)));
    if (!valid) return { ok: false, status: 401, error: 'invalid_client', description: 'Client authentication failed' };
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return {
      ok: true,
      token: {
        access_token: this.tokens.issue({ sub: client.id, cid: client.clientId }, now),
        token_type: 'Bearer',
        expires_in: CLIENT_TOKEN_TTL_SECONDS,
        scope: 'openid',
      },
    };
  }
}
