/**
 * `typ` of the JWT header of user access tokens (accounts) and of OAuth client tokens (connections). The
 * global guard hands a token to the one strategy of its type (`strategiesFor` in auth.guard.ts).
 */
export const USER_TOKEN_TYPE = 'at+jwt';
export const CLIENT_TOKEN_TYPE = 'client+jwt';
