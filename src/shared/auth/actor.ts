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
  /**
   * The account's grants as read when the request was authenticated (one read per request): the
   * authorization rule uses them instead of reading them again. Application × level pairs.
   */
  grants?: ReadonlyArray<{ application: string; level: string }>;
  /**
   * The user who created the account, read with its grants: its rights are never more than his current
   * ones (habilitations' Authorization intersects them on every check). null: no creator, refused.
   */
  createdBy?: string | null;
}
