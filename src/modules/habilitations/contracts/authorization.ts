import { Tx } from '../../../shared/persistence/tx';
import { Actor, TechnicalAccountActor } from '../../../shared/auth/actor';
import { UserSummary } from '../../accounts/contracts/users';
import { ApplicationCode, Grant, GrantLevel } from './applications';

/**
 * THE authorization check of the platform: every use case that reads or writes a structure's data calls
 * it once. Implemented by the habilitations context.
 */
export abstract class Authorization {
  /**
   * Allows or throws `COMMON.FORBIDDEN` (403). `serviceId` narrows the check for members attached at
   * service level: a service id passes only for that service's members (and structure-level members);
   * `null` names data attached to no service (structure-level members only); `undefined` checks the
   * structure alone (any member). Refusals are logged (actor, structure, application, level).
   */
  abstract require(actor: Actor, structureId: string, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): Promise<void>;

  abstract allows(actor: Actor, structureId: string, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): Promise<boolean>;

  /** Structure ids on which the actor holds (application, level): scopes searches and lists. */
  abstract structuresAllowed(actor: Actor, application: ApplicationCode, level: GrantLevel): Promise<string[]>;

  /**
   * Where the actor holds (application, level), with the service a member is attached to: `serviceId`
   * null = the whole structure, else only data of that service. Scopes searches of service-bound data.
   */
  abstract scopesAllowed(actor: Actor, application: ApplicationCode, level: GrantLevel): Promise<AuthorizedScope[]>;

  /**
   * What a technical account may do now: its own grants ∩ its creator's current effective grants on the
   * account's structure, within the creator's service when he is attached to one. null when the creator
   * is no longer an active member of that structure, or no longer an active user (the account is then
   * refused). Read from the caches every change clears (D13): a downgrade applies at the next call.
   */
  abstract technicalAccountRights(actor: TechnicalAccountActor): Promise<DelegatedRights | null>;

  /**
   * A billing mandate through which the actor may act now for the mandator's Factures émises at `level`:
   * accepted, within its dates (today in France), and the actor holding Factures émises at `level` on the
   * mandatary structure as a whole (not one service). `mandateId` narrows to that mandate (an invoice
   * issued under it). null when there is none: the caller then applies its ordinary refusal. The mandate's
   * row is read `for share`, so inside a transaction a concurrent revocation waits for it to commit (or the
   * check waits for the revocation and sees it).
   */
  abstract actingMandate(actor: Actor, mandatorStructureId: string, level: GrantLevel, mandateId?: string): Promise<ActingMandate | null>;

  /**
   * Whether the actor acts as the mandatary that issued an invoice under a mandate (`issuance`): it reads the
   * invoice with Factures émises on its whole structure, even once the mandate has ended; it changes it only
   * while that mandate is active (`actingMandate`). The one rule of invoicing's and the lifecycle's reads.
   */
  abstract allowsAsIssuer(actor: Actor, issuance: InvoiceIssuance, level: GrantLevel): Promise<boolean>;

  /** The user's active membership on the structure as rules of other contexts need it, or null. */
  abstract membershipOf(userId: string, structureId: string): Promise<MembershipSummary | null>;

  /** Every active membership of the user, oldest first (what a caller is told of itself: credential health). */
  abstract membershipsOf(userId: string): Promise<Array<MembershipSummary & { structureId: string }>>;
}

/** Who issued an invoice in its supplier's name (both null: the supplier itself). */
export interface InvoiceIssuance {
  supplierStructureId: string;
  issuerStructureId: string | null;
  mandateId: string | null;
}

/** A mandate an actor issues a mandator's invoices under (`Authorization.actingMandate`). */
export interface ActingMandate {
  mandateId: string;
  mandataryStructureId: string;
}

/** A technical account's effective rights (see `Authorization.technicalAccountRights`). */
export interface DelegatedRights {
  /** null: the whole structure; else only data of this service (the creator's). */
  serviceId: string | null;
  grants: Grant[];
}

/** A user's active membership on one structure: principal manager or not, service, effective grants. */
export interface MembershipSummary {
  principal: boolean;
  serviceId: string | null;
  grants: Grant[];
}

/** One structure (whole, or one of its services) where an actor holds a grant. */
export interface AuthorizedScope {
  structureId: string;
  /** null: every service of the structure and data attached to none. */
  serviceId: string | null;
}

/** Membership facts other contexts need (organisation at structure creation, notifications…). */
export abstract class MembershipRegistry {
  /** The creator of a structure becomes its principal manager, inside the caller's transaction. */
  abstract registerPrincipalManager(tx: Tx, structureId: string, userId: string): Promise<void>;

  abstract hasAnyMembership(userId: string): Promise<boolean>;

  /**
   * Active users holding (application, level) on the structure, as the user directory knows them: who to
   * notify. `serviceId` narrows as in `Authorization.require`: a service id keeps that service's members
   * and structure-level members; `null` (data attached to no service) structure-level members only.
   */
  abstract usersWithGrant(structureId: string, application: ApplicationCode, level: GrantLevel, serviceId?: string | null): Promise<UserSummary[]>;

  /** The structure's principal manager, if active (security notices about the structure go to him). */
  abstract principalManagerOf(structureId: string): Promise<UserSummary | null>;

  /** Every active member of the structure (e.g. to tell them it was deactivated). */
  abstract memberUserIds(structureId: string): Promise<string[]>;
}
