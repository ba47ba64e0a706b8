import { Grant } from '../../habilitations/contracts/applications';

/** What the authorization rule needs of a technical account (read when it did not travel with the actor). */
export interface TechnicalAccountFacts {
  grants: Grant[];
  /** The user who created it: the account never holds more than he currently does. null: refused. */
  createdBy: string | null;
}

/**
 * Grants of technical accounts, owned by the connections context. The habilitations context's
 * Authorization asks it when the actor is a technical account whose facts did not travel with it
 * (jobs, tests); it intersects them with the creator's current membership.
 */
export abstract class TechnicalAccountGrants {
  /** Facts of an active, unexpired account; null otherwise. */
  abstract factsOf(technicalAccountId: string): Promise<TechnicalAccountFacts | null>;
}
