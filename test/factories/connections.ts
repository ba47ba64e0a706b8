import { TestApp } from '../support/test-app';
import { HttpResponse } from '../support/http';

export interface ErpConnection {
  technicalAccountId: string;
  login: string;
  password: string;
  oauthClientId: string;
  clientId: string;
  clientSecret: string;
  token: string;
  /** base64("login:password") */
  cproAccount: string;
}

export const cproAccountHeader = (login: string, password: string): string => Buffer.from(`${login}:${password}`).toString('base64');

/** POST /api/oauth/token, form-encoded (as PISTE clients do). */
export async function clientToken(t: TestApp, clientId: string, clientSecret: string): Promise<HttpResponse> {
  const payload = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid' }).toString();
  return t.http.post('/api/oauth/token', undefined, { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/**
 * What a structure manager does for an ERP: a technical account on the structure (optionally with
 * grants), an API application, and the ERP's first token.
 */
export async function givenErpConnection(
  t: TestApp,
  managerToken: string,
  structureId: string,
  options: { grants?: { application: string; level: string }[]; apiGroups?: string[] } = {},
): Promise<ErpConnection> {
  const account = await t.http.post(`/api/v1/structures/${structureId}/technical-accounts`, { label: 'ERP', grants: options.grants }, { token: managerToken });
  if (account.status !== 201) throw new Error(`technical account: ${account.status} ${account.text}`);
  const client = await t.http.post(
    '/api/v1/oauth-clients',
    { name: 'ERP', apiGroups: options.apiGroups ?? ['factures', 'structures', 'utilisateurs', 'transverses', 'engagementsJuridiques'] },
    { token: managerToken },
  );
  if (client.status !== 201) throw new Error(`oauth client: ${client.status} ${client.text}`);
  const token = await clientToken(t, client.body.clientId, client.body.clientSecret);
  if (token.status !== 200) throw new Error(`token: ${token.status} ${token.text}`);
  return {
    technicalAccountId: account.body.id,
    login: account.body.login,
    password: account.body.password,
    oauthClientId: client.body.id,
    clientId: client.body.clientId,
    clientSecret: client.body.clientSecret,
    token: token.body.access_token,
    cproAccount: cproAccountHeader(account.body.login, account.body.password),
  };
}

/** A /cpro call as an ERP: only the token and the cpro-account header. */
export function cpro(t: TestApp, erp: Pick<ErpConnection, 'token' | 'cproAccount'>, path: string, body: unknown = {}): Promise<HttpResponse> {
  return t.http.post(`/cpro/${path}`, body, { token: erp.token, headers: { 'cpro-account': erp.cproAccount, 'content-type': 'application/json;charset=utf-8' } });
}
