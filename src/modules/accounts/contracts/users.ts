/** What other contexts may know of a user: enough to show and notify them, nothing about credentials. */
export interface UserSummary {
  id: string;
  loginEmail: string;
  /**
   * The one address to e-mail this user at: the contact address once its owner confirmed it from the
   * link sent there, else the login address (verified by activation). A contact address that was typed
   * but never confirmed is not exposed: notices carry other people's text and must not reach a stranger.
   */
  notifyEmail: string;
  firstName: string;
  lastName: string;
  status: 'PENDING' | 'ACTIVE' | 'DEACTIVATED';
}

/** Which users a search looks at: only these ids, optionally narrowed by a text query. */
export interface UserSearchCriteria {
  among: readonly string[];
  /** Part of the login e-mail or of the name ("martin", "Paul Mar"…), case-insensitive. */
  q?: string;
}

export abstract class UserDirectory {
  abstract findById(id: string): Promise<UserSummary | null>;
  abstract findByLoginEmail(email: string): Promise<UserSummary | null>;
  abstract findByIds(ids: readonly string[]): Promise<UserSummary[]>;
  /** Active platform administrators (support): who handles platform tickets. */
  abstract findAdministrators(): Promise<UserSummary[]>;
  /**
   * The users among `criteria.among` that match `criteria.q`, by last name, first name (case-insensitive),
   * then id: one page of them (`limit`/`offset`; all when omitted) and how many match.
   */
  abstract search(criteria: UserSearchCriteria, page?: { limit: number; offset: number }): Promise<{ items: UserSummary[]; total: number }>;
  /** The same users in the same order, batch after batch from a server-side cursor (exports of any size). */
  abstract searchBatches(criteria: UserSearchCriteria, batchSize?: number): AsyncGenerator<UserSummary[]>;
}

/**
 * Whether a user is still active (not deactivated), for rules that act on a user's behalf without his
 * session: a technical account follows its creator. Answered from the process's row cache, which every
 * committed status change clears (architecture D13), so a deactivation takes effect at the next call.
 */
export abstract class UserActivity {
  abstract isActive(userId: string): Promise<boolean>;
}
