import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { txOf } from '../../../shared/persistence/tx';
import { Injectable } from '@nestjs/common';
import { Actor, UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { assertNoBidiControl } from '../../../shared/domain/bidi-controls';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { Authorization, MembershipRegistry } from '../../habilitations/contracts/authorization';
import { OrganisationErrors } from '../domain/organisation.errors';
import { isStructureIdentifierType, validateStructureIdentifier } from '../domain/structure-identifier';
import { StructureParameters } from '../domain/structure-parameters';
import { Structure, StructureAddress, StructureType } from '../domain/structure.entity';
import { CompanyRegistry } from '../infrastructure/company-registry.port';
import { StructureView, toStructureView } from './views';

export interface StructureDataInput {
  companyName?: string;
  label?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: StructureAddress | null;
  nonDiffusible?: boolean;
  rcsNumber?: string | null;
  vatNumber?: string | null;
}

export interface CreateStructureInput extends StructureDataInput {
  identifierType: string;
  identifier: string;
  structureType: 'PRIVEE' | 'PUBLIQUE';
}

export interface UpdateStructureInput extends StructureDataInput {
  parameters?: Partial<StructureParameters>;
  paymentDelayDays?: number;
}

function applyData(s: Structure, input: StructureDataInput): void {
  // The identifier itself refuses every control and format character (structure-identifier.ts).
  assertNoBidiControl({ rcsNumber: input.rcsNumber, vatNumber: input.vatNumber });
  if (input.companyName !== undefined) s.companyName = input.companyName.trim();
  if (input.label !== undefined) s.label = input.label?.trim() || null;
  if (input.email !== undefined) s.email = input.email?.trim().toLowerCase() || null;
  if (input.phone !== undefined) s.phone = input.phone?.trim() || null;
  if (input.address !== undefined) s.address = input.address ? { ...input.address } : null;
  if (input.nonDiffusible !== undefined) s.nonDiffusible = input.nonDiffusible;
  if (input.rcsNumber !== undefined) s.rcsNumber = input.rcsNumber?.trim() || null;
  if (input.vatNumber !== undefined) s.vatNumber = input.vatNumber?.replace(/\s+/g, '').toUpperCase() || null;
}

/**
 * A user creates a structure and becomes its principal manager, in one transaction. The identifier is
 * unique by constraint: of two simultaneous creations one wins, the other is told to ask for attachment.
 */
@Injectable()
export class CreateStructure {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly memberships: MembershipRegistry,
    private readonly registry: CompanyRegistry,
  ) {}

  async execute(actor: UserActor, input: CreateStructureInput): Promise<StructureView> {
    if (!isStructureIdentifierType(input.identifierType)) {
      throw new DomainError(OrganisationErrors.IDENTIFIER_INVALID, { reason: input.identifierType }, 'identifierType');
    }
    const checked = validateStructureIdentifier(input.identifierType, input.identifier);
    if (!checked.ok) throw new DomainError(OrganisationErrors.IDENTIFIER_INVALID, { reason: checked.message_fr }, 'identifier');
    if (input.structureType === 'PUBLIQUE' && !actor.isAdmin) {
      throw new DomainError(OrganisationErrors.PUBLIC_STRUCTURE_ADMIN_ONLY, {}, 'structureType');
    }
    const known = input.identifierType === 'SIRET' ? await this.registry.lookUp(checked.value) : null;
    const companyName = input.companyName?.trim() || known?.companyName;
    if (!companyName) throw new DomainError(OrganisationErrors.COMPANY_NAME_REQUIRED, {}, 'companyName');

    try {
      return await this.em.transactional(async (em) => {
        const structure = new Structure({
          identifierType: input.identifierType,
          identifier: checked.value,
          structureType: input.structureType === 'PUBLIQUE' ? StructureType.PUBLIQUE : StructureType.PRIVEE,
          companyName,
          now: this.clock.now(),
        });
        applyData(structure, { ...input, companyName });
        if (input.address === undefined && known) structure.address = { ...known.address };
        if (input.vatNumber === undefined && known?.vatNumber) structure.vatNumber = known.vatNumber;
        em.persist(structure);
        await em.flush();
        await this.memberships.registerPrincipalManager(txOf(em), structure.id, actor.userId);
        this.outbox.record(em, 'organisation.structure-created', { structureId: structure.id, createdBy: actor.userId }, { kind: 'user', id: actor.userId });
        return toStructureView(structure);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError(OrganisationErrors.STRUCTURE_ALREADY_EXISTS, { identifier: checked.value }, 'identifier');
      }
      throw error;
    }
  }
}

@Injectable()
export class GetStructure {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
  ) {}

  async execute(actor: Actor, id: string): Promise<StructureView> {
    await this.authorization.require(actor, id, 'ORGANISATION', 'CONSULTATION');
    const structure = await this.em.findOne(Structure, { id });
    if (!structure) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
    return toStructureView(structure);
  }
}

@Injectable()
export class UpdateStructure {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, id: string, input: UpdateStructureInput): Promise<StructureView> {
    await this.authorization.require(actor, id, 'ORGANISATION', 'MODIFICATION', null);
    return this.em.transactional(async (em) => {
      const structure = await em.findOne(Structure, { id });
      if (!structure) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
      applyData(structure, input);
      if (input.parameters) structure.applyParameters(input.parameters);
      if (input.paymentDelayDays !== undefined) structure.paymentDelayDays = input.paymentDelayDays;
      this.outbox.record(em, 'organisation.structure-updated', { structureId: id }, actorOf(actor));
      return toStructureView(structure);
    });
  }
}

@Injectable()
export class ChangeStructureStatus {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async deactivate(actor: Actor, id: string): Promise<StructureView> {
    return this.change(actor, id, false);
  }

  async reactivate(actor: Actor, id: string): Promise<StructureView> {
    return this.change(actor, id, true);
  }

  private async change(actor: Actor, id: string, active: boolean): Promise<StructureView> {
    await this.authorization.require(actor, id, 'ORGANISATION', 'MODIFICATION', null);
    return this.em.transactional(async (em) => {
      const structure = await em.findOne(Structure, { id });
      if (!structure) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
      if (structure.active === active) {
        throw new DomainError(OrganisationErrors.STRUCTURE_STATUS_CONFLICT, { status: active ? 'active' : 'inactive' });
      }
      structure.active = active;
      structure.deactivatedAt = active ? null : this.clock.now();
      this.outbox.record(em, active ? 'organisation.structure-reactivated' : 'organisation.structure-deactivated', { structureId: id }, actorOf(actor));
      return toStructureView(structure);
    });
  }
}

export function actorOf(actor: Actor): { kind: 'user' | 'technical-account'; id: string } {
  return actor.kind === 'user' ? { kind: 'user', id: actor.userId } : { kind: 'technical-account', id: actor.technicalAccountId };
}
