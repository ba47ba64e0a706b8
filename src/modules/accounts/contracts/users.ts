/** What other contexts may know of a user: enough to show and notify them, nothing about credentials. */
export interface UserSummary {
  id: string;
  loginEmail: string;
  contactEmail: string;
  firstName: string;
  lastName: string;
  status: 'PENDING' | 'ACTIVE' | 'DEACTIVATED';
}

export abstract class UserDirectory {
  abstract findById(id: string): Promise<UserSummary | null>;
  abstract findByLoginEmail(email: string): Promise<UserSummary | null>;
  abstract findByIds(ids: readonly string[]): Promise<UserSummary[]>;
  /** Active platform administrators (support): who handles platform tickets. */
  abstract findAdministrators(): Promise<UserSummary[]>;
}
