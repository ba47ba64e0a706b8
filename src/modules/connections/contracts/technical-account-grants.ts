import { Grant } from '../../habilitations/contracts/applications';

/**
 * Grants of technical accounts, owned by the connections context. The habilitations context's
 * Authorization asks it when the actor is a technical account (which only ever acts for its own
 * structure).
 */
export abstract class TechnicalAccountGrants {
  /** Grants of an active, unexpired account on its structure; [] otherwise. */
  abstract grantsOf(technicalAccountId: string): Promise<Grant[]>;
}
