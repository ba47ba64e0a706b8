import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { assertNoBidiControl } from '../../../shared/domain/bidi-controls';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { OrganisationErrors } from '../domain/organisation.errors';
import { Service } from '../domain/service.entity';
import { Structure } from '../domain/structure.entity';
import { actorOf } from './structures.use-cases';
import { ServiceView, toServiceView } from './views';

export interface ServiceInput {
  code?: string;
  label?: string;
  description?: string | null;
  activationStart?: string;
  activationEnd?: string | null;
  active?: boolean;
  engagementRequired?: boolean;
}

function checkDates(service: Service): void {
  if (service.activationEnd && service.activationEnd < service.activationStart) {
    throw new DomainError(OrganisationErrors.SERVICE_DATES_INVALID, {}, 'activationEnd');
  }
}

function duplicate(error: unknown, code: string): never {
  if (error instanceof UniqueConstraintViolationException) throw new DomainError(OrganisationErrors.SERVICE_CODE_ALREADY_USED, { code }, 'code');
  throw error;
}

@Injectable()
export class CreateService {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, structureId: string, input: Required<Pick<ServiceInput, 'code' | 'label' | 'activationStart'>> & ServiceInput): Promise<ServiceView> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', null);
    const code = input.code.trim().toUpperCase();
    assertNoBidiControl({ code });
    try {
      return await this.em.transactional(async (em) => {
        if (!(await em.count(Structure, { id: structureId }))) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
        const service = new Service({ structureId, code, label: input.label.trim(), activationStart: input.activationStart, now: this.clock.now() });
        service.description = input.description?.trim() || null;
        service.activationEnd = input.activationEnd ?? null;
        if (input.active !== undefined) service.active = input.active;
        if (input.engagementRequired !== undefined) service.engagementRequired = input.engagementRequired;
        checkDates(service);
        em.persist(service);
        await em.flush();
        this.outbox.record(em, 'organisation.service-created', { structureId, serviceId: service.id }, actorOf(actor));
        return toServiceView(service);
      });
    } catch (error) {
      return duplicate(error, code);
    }
  }
}

@Injectable()
export class ListServices {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
  ) {}

  async execute(actor: Actor, structureId: string): Promise<ServiceView[]> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    return (await this.em.find(Service, { structureId }, { orderBy: { code: 'asc' } })).map(toServiceView);
  }
}

@Injectable()
export class UpdateService {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, structureId: string, serviceId: string, input: ServiceInput): Promise<ServiceView> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', serviceId);
    const code = input.code?.trim().toUpperCase();
    assertNoBidiControl({ code });
    try {
      return await this.em.transactional(async (em) => {
        const service = await em.findOne(Service, { id: serviceId, structureId });
        if (!service) throw new DomainError(OrganisationErrors.SERVICE_NOT_FOUND);
        if (code !== undefined) service.code = code;
        if (input.label !== undefined) service.label = input.label.trim();
        if (input.description !== undefined) service.description = input.description?.trim() || null;
        if (input.activationStart !== undefined) service.activationStart = input.activationStart;
        if (input.activationEnd !== undefined) service.activationEnd = input.activationEnd;
        if (input.active !== undefined) service.active = input.active;
        if (input.engagementRequired !== undefined) service.engagementRequired = input.engagementRequired;
        checkDates(service);
        await em.flush();
        this.outbox.record(em, 'organisation.service-updated', { structureId, serviceId }, actorOf(actor));
        return toServiceView(service);
      });
    } catch (error) {
      return duplicate(error, code ?? '');
    }
  }
}
