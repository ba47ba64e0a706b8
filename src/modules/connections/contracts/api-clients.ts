import { ApiGroup } from './api-groups';

/**
 * What another context acting for an API application without its token (the webhooks' fan-out, for a
 * subscription it made) may know of it: whether it may still call, and which API groups it reaches.
 */
export abstract class ApiClients {
  /**
   * The API groups of an application that may still call now; null when it is unknown, revoked, or its
   * owner's user account is deactivated (the rule of the token check, ClientCredentialsStrategy).
   */
  abstract liveGroupsOf(oauthClientId: string): Promise<ApiGroup[] | null>;
}
