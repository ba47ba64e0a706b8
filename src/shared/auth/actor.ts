/** Who is calling: a person (with a session) or an ERP's technical account (issue: connections). */
export type Actor = UserActor | TechnicalAccountActor;

export interface UserActor {
  kind: 'user';
  userId: string;
  sessionId: string;
  isAdmin: boolean;
}

export interface TechnicalAccountActor {
  kind: 'technical-account';
  technicalAccountId: string;
  structureId: string;
  oauthClientId: string;
  apiGroups: string[];
}
