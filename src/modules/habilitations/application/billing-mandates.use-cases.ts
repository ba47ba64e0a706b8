import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { StructureCatalog, StructureSummary } from '../../organisation/contracts/structures';
import { Authorization } from '../contracts/authorization';
import { BillingMandate, mandateDay, MandateHistoryEntry, MandateSide, MandateState, mandateStateOn, MandateStatus } from '../domain/billing-mandate.entity';
import { HabilitationsErrors } from '../domain/habilitations.errors';

export interface MandatePartyView {
  structureId: string;
  identifier: string;
  name: string;
}

export interface MandateView {
  id: string;
  number: string;
  /** PENDING, ACTIVE, REVOKED, or for an accepted one outside its dates EXPIRED / NOT_STARTED. */
  state: MandateState;
  initiatedBy: MandateSide;
  startDate: string;
  endDate: string | null;
  mandator: MandatePartyView;
  mandatary: MandatePartyView;
  history: MandateHistoryEntry[];
  createdAt: string;
}

export interface SubscribeMandateInput {
  /** The caller's structure. */
  structureId: string;
  /** The side the caller's structure takes. */
  role: MandateSide;
  /** The other structure's identifier (SIRET…). */
  counterpartIdentifier: string;
  counterpartIdentifierType?: string;
  startDate?: string;
  endDate?: string | null;
  comment?: string | null;
}

const party = (s: StructureSummary | undefined, id: string): MandatePartyView => ({ structureId: id, identifier: s?.identifier ?? '', name: s?.companyName ?? '' });

/** Mandates are few per structure: both parties named in one catalog read per list. */
@Injectable()
export class MandateViews {
  constructor(
    private readonly catalog: StructureCatalog,
    private readonly clock: Clock,
  ) {}

  async of(mandates: BillingMandate[]): Promise<MandateView[]> {
    const ids = [...new Set(mandates.flatMap((m) => [m.mandatorStructureId, m.mandataryStructureId]))];
    const byId = new Map((await this.catalog.findByIds(ids)).map((s) => [s.id, s]));
    const day = mandateDay(this.clock.now());
    return mandates.map((m) => ({
      id: m.id,
      number: m.number,
      state: mandateStateOn(m, day),
      initiatedBy: m.initiatedBy,
      startDate: m.startDate,
      endDate: m.endDate,
      mandator: party(byId.get(m.mandatorStructureId), m.mandatorStructureId),
      mandatary: party(byId.get(m.mandataryStructureId), m.mandataryStructureId),
      history: m.history,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async one(mandate: BillingMandate): Promise<MandateView> {
    return (await this.of([mandate]))[0]!;
  }
}

/** Subscribing, accepting and revoking are the principal manager's (« gestionnaire principal ») acts. */
async function requirePrincipal(authorization: Authorization, actor: UserActor, structureId: string): Promise<void> {
  const membership = await authorization.membershipOf(actor.userId, structureId);
  if (membership?.principal) return;
  // A non-member learns nothing about the structure: the ordinary refusal.
  if (!membership) await authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION');
  throw new DomainError(HabilitationsErrors.MANDATE_PRINCIPAL_ONLY);
}

/**
 * « Souscrire un mandat de facturation »: either side's principal manager subscribes it, naming the other
 * structure; it waits for the other side's principal manager. One open mandate per pair (a partial unique
 * index: of two concurrent subscriptions one commits).
 */
@Injectable()
export class SubscribeMandate {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly views: MandateViews,
  ) {}

  async execute(actor: UserActor, input: SubscribeMandateInput): Promise<MandateView> {
    await requirePrincipal(this.authorization, actor, input.structureId);
    const identifier = input.counterpartIdentifier.trim();
    const counterpart = await this.catalog.findByIdentifier(identifier, input.counterpartIdentifierType);
    if (!counterpart?.active) throw new DomainError(HabilitationsErrors.MANDATE_COUNTERPART_NOT_FOUND, { identifier }, 'counterpartIdentifier');
    if (counterpart.id === input.structureId) throw new DomainError(HabilitationsErrors.MANDATE_SAME_STRUCTURE, {}, 'counterpartIdentifier');
    const now = this.clock.now();
    const today = mandateDay(now);
    const startDate = input.startDate ?? today;
    const endDate = input.endDate ?? null;
    if (endDate !== null && (endDate < startDate || endDate < today)) throw new DomainError(HabilitationsErrors.MANDATE_DATES_INVALID, {}, 'endDate');
    const mine = input.structureId;
    const mandate = new BillingMandate({
      mandatorStructureId: input.role === 'MANDATOR' ? mine : counterpart.id,
      mandataryStructureId: input.role === 'MANDATOR' ? counterpart.id : mine,
      initiatedBy: input.role,
      startDate,
      endDate,
      now,
    });
    mandate.record('SUBSCRIBED', input.role, actor.userId, now, input.comment?.trim() || null);
    try {
      await this.em.transactional(async (em) => {
        em.persist(mandate);
        this.outbox.record(em, 'habilitations.billing-mandate-changed', { mandateId: mandate.id, action: 'SUBSCRIBED', byUserId: actor.userId }, { kind: 'user', id: actor.userId });
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const open = await this.em.fork().findOne(BillingMandate, {
        mandatorStructureId: mandate.mandatorStructureId,
        mandataryStructureId: mandate.mandataryStructureId,
        status: { $ne: MandateStatus.REVOKED },
      });
      throw new DomainError(HabilitationsErrors.MANDATE_ALREADY_OPEN, { number: open?.number ?? '' }, 'counterpartIdentifier');
    }
    return this.views.one(mandate);
  }
}

/**
 * Accepting and revoking lock the mandate's row, so an acceptance and a revocation at once are judged one
 * after the other: revoked then accepted is refused (MANDATE_NOT_PENDING), accepted then revoked ends
 * revoked. Either way the mandate ends REVOKED with a history that says so.
 */
@Injectable()
export class DecideMandate {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly views: MandateViews,
  ) {}

  accept(actor: UserActor, mandateId: string, comment?: string | null): Promise<MandateView> {
    return this.change(actor, mandateId, 'ACCEPTED', comment, async (mandate) => {
      if (mandate.status !== MandateStatus.PENDING) throw new DomainError(HabilitationsErrors.MANDATE_NOT_PENDING, { status: mandate.status });
      const side: MandateSide = mandate.initiatedBy === 'MANDATOR' ? 'MANDATARY' : 'MANDATOR';
      if (!(await this.isPrincipal(actor, mandate.structureOf(side)))) {
        // The initiating side's principal manager cannot accept his own subscription.
        if (await this.isPrincipal(actor, mandate.structureOf(mandate.initiatedBy))) throw new DomainError(HabilitationsErrors.MANDATE_ACCEPTED_BY_OTHER_SIDE);
        await requirePrincipal(this.authorization, actor, mandate.structureOf(side));
      }
      mandate.status = MandateStatus.ACTIVE;
      return side;
    });
  }

  revoke(actor: UserActor, mandateId: string, comment?: string | null): Promise<MandateView> {
    return this.change(actor, mandateId, 'REVOKED', comment, async (mandate) => {
      if (mandate.status === MandateStatus.REVOKED) throw new DomainError(HabilitationsErrors.MANDATE_ALREADY_REVOKED);
      let side: MandateSide = 'MANDATOR';
      if (!(await this.isPrincipal(actor, mandate.mandatorStructureId))) {
        side = 'MANDATARY';
        await requirePrincipal(this.authorization, actor, mandate.mandataryStructureId);
      }
      mandate.status = MandateStatus.REVOKED;
      return side;
    });
  }

  private async isPrincipal(actor: UserActor, structureId: string): Promise<boolean> {
    return (await this.authorization.membershipOf(actor.userId, structureId))?.principal === true;
  }

  private async change(
    actor: UserActor,
    mandateId: string,
    action: 'ACCEPTED' | 'REVOKED',
    comment: string | null | undefined,
    decide: (mandate: BillingMandate) => Promise<MandateSide>,
  ): Promise<MandateView> {
    const mandate = await this.em.transactional(async (em) => {
      const found = await em.findOne(BillingMandate, { id: mandateId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found || !(await visibleTo(this.authorization, actor, found))) throw new DomainError(HabilitationsErrors.MANDATE_NOT_FOUND);
      const side = await decide(found);
      found.record(action, side, actor.userId, this.clock.now(), comment?.trim() || null);
      this.outbox.record(em, 'habilitations.billing-mandate-changed', { mandateId, action, byUserId: actor.userId }, { kind: 'user', id: actor.userId });
      return found;
    });
    return this.views.one(mandate);
  }
}

/** Members of either side who may see its issued invoices or its organisation read its mandates. */
async function mayRead(authorization: Authorization, actor: UserActor, structureId: string): Promise<boolean> {
  return (
    (await authorization.allows(actor, structureId, 'ORGANISATION', 'CONSULTATION')) ||
    (await authorization.allows(actor, structureId, 'FACTURES_EMISES', 'CONSULTATION', null))
  );
}

async function visibleTo(authorization: Authorization, actor: UserActor, mandate: BillingMandate): Promise<boolean> {
  return (await mayRead(authorization, actor, mandate.mandatorStructureId)) || (await mayRead(authorization, actor, mandate.mandataryStructureId));
}

/** « Gérer un mandat de facturation »: a structure's mandates, both sides, newest first; one mandate with its history. */
@Injectable()
export class ReadMandates {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly views: MandateViews,
  ) {}

  async list(actor: UserActor, structureId: string): Promise<MandateView[]> {
    if (!(await mayRead(this.authorization, actor, structureId))) await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    const mandates = await this.em.fork().find(
      BillingMandate,
      { $or: [{ mandatorStructureId: structureId }, { mandataryStructureId: structureId }] },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 500 },
    );
    return this.views.of(mandates);
  }

  async get(actor: UserActor, mandateId: string): Promise<MandateView> {
    const mandate = await this.em.fork().findOne(BillingMandate, { id: mandateId });
    if (!mandate || !(await visibleTo(this.authorization, actor, mandate))) throw new DomainError(HabilitationsErrors.MANDATE_NOT_FOUND);
    return this.views.one(mandate);
  }
}
