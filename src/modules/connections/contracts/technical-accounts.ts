/** What other contexts (piste) may know of a technical account. */
export interface TechnicalAccountSummary {
  id: string;
  number: number;
  login: string;
  label: string | null;
  structureId: string;
  active: boolean;
  expiresAt: string;
}

export abstract class TechnicalAccountDirectory {
  abstract findById(id: string): Promise<TechnicalAccountSummary | null>;
}
