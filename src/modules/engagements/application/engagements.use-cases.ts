import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { eventActorOf } from '../../../shared/events/domain-event';
import { pageOf, pageRequest, Page } from '../../../shared/http/pagination';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import '../contracts/events';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceCatalog } from '../../invoicing/contracts/invoices';
import { ServiceSummary, StructureCatalog, StructureSummary } from '../../organisation/contracts/structures';
import { EngagementCriteria, EngagementDetail, EngagementDirectory, EngagementListing } from '../contracts/engagements';
import { EngagementCharge } from '../domain/engagement-charge.entity';
import { amountText, CheckedEngagement, checkEngagementFields, EngagementFields, EngagementStatus, remainingOf, RuleIssue } from '../domain/engagement-rules';
import { Engagement } from '../domain/engagement.entity';
import { EngagementsErrors as E } from '../domain/engagements.errors';
import { EngagementSearch, listing } from '../infrastructure/engagement-search';
import { EngagementAccess, EngagementSide } from './engagement-access';

export const issueError = (issue: RuleIssue): DomainError => new DomainError(issue.error, issue.params ?? {}, issue.field);

/** An engagement as the REST API shows it, with the invoices charged to it when read alone. */
export interface EngagementView extends EngagementListing {
  structureName: string | null;
  supplierName: string | null;
  label: string | null;
  sides: EngagementSide[];
  invoices?: { invoiceId: string; invoiceNumber: string; amount: string; chargedAt: Date; counts: boolean; releasedAt: Date | null; releaseReason: string | null }[];
}

const viewOf = (e: Engagement, names: Map<string, StructureSummary>, sides: EngagementSide[]): EngagementView => ({
  ...listing({
    id: e.id,
    public_id: String(e.publicId),
    number: e.number,
    type: e.type,
    status: e.status,
    structure_id: e.structureId,
    service_code: e.serviceCode,
    supplier_structure_id: e.supplierStructureId,
    supplier_identifier: e.supplierIdentifier,
    notification_date: e.notificationDate,
    created_at: e.createdAt,
    amount: String(e.amount),
    amount_excl_tax: e.amountExclTax === null ? null : String(e.amountExclTax),
    consumed: String(e.consumed),
    currency: e.currency,
    contract_number: e.contractNumber,
  }),
  structureName: nameOf(names.get(e.structureId)),
  supplierName: e.supplierStructureId ? nameOf(names.get(e.supplierStructureId)) : null,
  label: e.label,
  sides,
});

const nameOf = (s: StructureSummary | undefined): string | null => (s ? (s.label ?? s.companyName) : null);

/**
 * What an issuer's engagement needs besides its own fields: the issuing structure is public, the service
 * named exists there, the supplier is found by id or SIRET (and both agree). Shared by the form, the API
 * and each CSV line; returns the issues instead of throwing so that an import reports them per line.
 */
@Injectable()
export class EngagementDrafting {
  constructor(
    private readonly catalog: StructureCatalog,
    private readonly outbox: Outbox,
  ) {}

  async issuer(structureId: string): Promise<StructureSummary> {
    const structure = await this.catalog.findById(structureId);
    if (!structure) throw new DomainError(E.ENGAGEMENT_NOT_FOUND, {}, 'structureId');
    if (structure.structureType !== 'PUBLIQUE') throw new DomainError(E.ISSUER_NOT_PUBLIC, {}, 'structureId');
    return structure;
  }

  async resolve(structureId: string, fields: EngagementFields): Promise<{ value: (CheckedEngagement & { service: ServiceSummary | null }) | null; issues: RuleIssue[] }> {
    const checked = checkEngagementFields(fields);
    if (!checked.value) return { value: null, issues: checked.issues };
    const value = { ...checked.value, service: null as ServiceSummary | null };
    const issues: RuleIssue[] = [];
    if (value.serviceCode) {
      value.service = await this.catalog.findService(structureId, value.serviceCode);
      if (!value.service) issues.push({ error: E.SERVICE_NOT_FOUND, field: 'serviceCode', params: { serviceCode: value.serviceCode } });
    }
    if (value.supplierStructureId) {
      const supplier = await this.catalog.findById(value.supplierStructureId);
      if (!supplier) issues.push({ error: E.SUPPLIER_NOT_FOUND, field: 'supplierStructureId' });
      else if (value.supplierIdentifier && value.supplierIdentifier !== supplier.identifier) {
        issues.push({ error: E.SUPPLIER_MISMATCH, field: 'supplierIdentifier', params: { identifier: value.supplierIdentifier } });
      } else value.supplierIdentifier = supplier.identifier;
    } else if (value.supplierIdentifier) {
      // A supplier not on the platform yet is kept by SIRET; its structure matches it once registered.
      value.supplierStructureId = (await this.catalog.findByIdentifier(value.supplierIdentifier, 'SIRET'))?.id ?? null;
    }
    return issues.length > 0 ? { value: null, issues } : { value, issues };
  }

  /**
   * Inserts in `em`'s transaction; the (structure, number) unique index answers NUMBER_TAKEN. A supplier on
   * the platform is told by e-mail (the event's handler), as the real platform transmits orders to suppliers.
   */
  async insert(em: EntityManager, actor: Actor, structureId: string, value: CheckedEngagement & { service: ServiceSummary | null }, now: Date): Promise<Engagement> {
    const engagement = new Engagement({ structureId, number: value.number, notificationDate: value.notificationDate, amount: value.amount, createdAt: now });
    Object.assign(engagement, {
      type: value.type,
      amountExclTax: value.amountExclTax,
      currency: value.currency,
      supplierStructureId: value.supplierStructureId,
      supplierIdentifier: value.supplierIdentifier,
      serviceId: value.service?.id ?? null,
      serviceCode: value.service?.code ?? null,
      contractNumber: value.contractNumber,
      label: value.label,
    });
    em.persist(engagement);
    if (engagement.supplierStructureId) {
      this.outbox.record(em, 'engagements.engagement-recorded', { engagementId: engagement.id, structureId, supplierStructureId: engagement.supplierStructureId }, eventActorOf(actor));
    }
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(E.NUMBER_TAKEN, { number: value.number }, 'number');
      throw error;
    }
    return engagement;
  }
}

@Injectable()
export class EngagementViews {
  constructor(private readonly catalog: StructureCatalog) {}

  async of(engagements: Engagement[], sides: EngagementSide[][]): Promise<EngagementView[]> {
    const ids = engagements.flatMap((e) => [e.structureId, ...(e.supplierStructureId ? [e.supplierStructureId] : [])]);
    const names = new Map((await this.catalog.findByIds([...new Set(ids)])).map((s) => [s.id, s]));
    return engagements.map((e, i) => viewOf(e, names, sides[i] ?? []));
  }
}

export interface CreateEngagementInput extends EngagementFields {
  structureId: string;
}

/** An issuer records one engagement (Engagements – modification on the service named, or on the whole structure for none). */
@Injectable()
export class CreateEngagement {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly drafting: EngagementDrafting,
    private readonly views: EngagementViews,
  ) {}

  async execute(actor: Actor, input: CreateEngagementInput): Promise<EngagementView> {
    await this.authorization.require(actor, input.structureId, 'ENGAGEMENTS', 'MODIFICATION');
    await this.drafting.issuer(input.structureId);
    const { value, issues } = await this.drafting.resolve(input.structureId, input);
    if (!value) throw issueError(issues[0]!);
    // An engagement of no service is structure-level data: not for a member attached to one service.
    await this.authorization.require(actor, input.structureId, 'ENGAGEMENTS', 'MODIFICATION', value.service?.id ?? null);
    const engagement = await this.em.transactional((em) => this.drafting.insert(em, actor, input.structureId, value, this.clock.now()));
    return (await this.views.of([engagement], [['ISSUER']]))[0]!;
  }
}

@Injectable()
export class GetEngagement {
  constructor(
    private readonly em: EntityManager,
    private readonly access: EngagementAccess,
    private readonly views: EngagementViews,
    private readonly invoices: InvoiceCatalog,
  ) {}

  /**
   * The engagement with every invoice charged to it (those that no longer count too) and what is left. The
   * issuer, who receives the invoices, is not shown those it may not see as their recipient: a validation
   * circuit's invoice still with its validator, or refused by it (architecture D25).
   */
  async execute(actor: Actor, id: string): Promise<EngagementView> {
    const { engagement, sides } = await this.access.readable(this.em, actor, id);
    let charges = await this.em.find(EngagementCharge, { engagementId: id }, { orderBy: { chargedAt: 'asc', id: 'asc' } });
    if (!sides.includes('SUPPLIER')) {
      const hidden = await this.invoices.hiddenFromRecipient(charges.map((c) => c.invoiceId));
      charges = charges.filter((c) => !hidden.has(c.invoiceId));
    }
    const [view] = await this.views.of([engagement], [sides]);
    return {
      ...view!,
      invoices: charges.map((c) => ({
        invoiceId: c.invoiceId,
        invoiceNumber: c.invoiceNumber,
        amount: amountText(String(c.amount)),
        chargedAt: c.chargedAt,
        counts: c.releasedAt === null,
        releasedAt: c.releasedAt,
        releaseReason: c.releaseReason,
      })),
    };
  }
}

@Injectable()
export class SearchEngagements extends EngagementDirectory {
  constructor(
    private readonly access: EngagementAccess,
    private readonly engagements: EngagementSearch,
    private readonly getOne: GetEngagement,
  ) {
    super();
  }

  async detail(actor: Actor, engagementId: string): Promise<EngagementDetail> {
    const view = await this.getOne.execute(actor, engagementId);
    return { ...view, invoices: (view.invoices ?? []).map((i) => ({ invoiceId: i.invoiceId, invoiceNumber: i.invoiceNumber, amount: i.amount, counts: i.counts })) };
  }

  async search(actor: Actor, criteria: EngagementCriteria): Promise<{ items: EngagementListing[]; total: number }> {
    return this.engagements.search(await this.access.reach(actor), criteria);
  }

  async page(actor: Actor, criteria: Omit<EngagementCriteria, 'page' | 'pageSize'> & { page?: number; pageSize?: number }): Promise<Page<EngagementListing>> {
    const request = pageRequest(criteria);
    const found = await this.search(actor, { ...criteria, page: request.page, pageSize: request.pageSize });
    return pageOf(request, found.items, found.total);
  }
}

export interface UpdateEngagementInput extends Omit<EngagementFields, 'serviceCode'> {
  status?: EngagementStatus;
}

/**
 * The issuer changes an engagement. Amount, dates, labels and status change at any time, the amount never
 * below what invoices consume; number, supplier and currency only while no invoice was ever charged to it.
 */
@Injectable()
export class UpdateEngagement {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly access: EngagementAccess,
    private readonly drafting: EngagementDrafting,
    private readonly getOne: GetEngagement,
  ) {}

  async execute(actor: Actor, id: string, input: UpdateEngagementInput): Promise<EngagementView> {
    await this.em.transactional(async (em) => {
      const engagement = await this.access.writable(em, actor, id);
      const merged: EngagementFields = {
        number: engagement.number,
        type: engagement.type,
        notificationDate: engagement.notificationDate,
        amount: String(engagement.amount),
        amountExclTax: engagement.amountExclTax === null ? null : String(engagement.amountExclTax),
        currency: engagement.currency,
        supplierStructureId: engagement.supplierStructureId,
        supplierIdentifier: engagement.supplierStructureId ? null : engagement.supplierIdentifier,
        serviceCode: engagement.serviceCode,
        contractNumber: engagement.contractNumber,
        label: engagement.label,
        ...Object.fromEntries(Object.entries(input).filter(([key, v]) => v !== undefined && key !== 'status')),
      };
      if (input.supplierStructureId !== undefined || input.supplierIdentifier !== undefined) {
        merged.supplierStructureId = input.supplierStructureId ?? null;
        merged.supplierIdentifier = input.supplierIdentifier ?? null;
      }
      const { value, issues } = await this.drafting.resolve(engagement.structureId, merged);
      if (!value) throw issueError(issues[0]!);
      const used = (await em.count(EngagementCharge, { engagementId: id })) > 0;
      // Kept by SIRET, the engagement now resolves to the structure registered with it since: the same supplier.
      const sameSupplier =
        value.supplierIdentifier === engagement.supplierIdentifier &&
        (value.supplierStructureId === engagement.supplierStructureId || (engagement.supplierStructureId === null && !merged.supplierStructureId));
      const frozenChanged = value.number !== engagement.number || value.currency !== engagement.currency || !sameSupplier;
      if (used && frozenChanged) throw new DomainError(E.FROZEN_ONCE_USED, {}, 'number');
      const consumed = amountText(String(engagement.consumed));
      if (remainingOf(value.amount, consumed).startsWith('-')) throw new DomainError(E.AMOUNT_BELOW_CONSUMED, { consumed }, 'amount');
      Object.assign(engagement, {
        number: value.number,
        type: value.type,
        notificationDate: value.notificationDate,
        amount: value.amount,
        amountExclTax: value.amountExclTax,
        currency: value.currency,
        supplierStructureId: value.supplierStructureId,
        supplierIdentifier: value.supplierIdentifier,
        contractNumber: value.contractNumber,
        label: value.label,
        status: input.status ?? engagement.status,
        updatedAt: this.clock.now(),
      });
      try {
        await em.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) throw new DomainError(E.NUMBER_TAKEN, { number: value.number }, 'number');
        throw error;
      }
    });
    return this.getOne.execute(actor, id);
  }
}

/** The issuer deletes an engagement no invoice was ever charged to (otherwise: deactivate it). */
@Injectable()
export class DeleteEngagement {
  constructor(
    private readonly em: EntityManager,
    private readonly access: EngagementAccess,
  ) {}

  async execute(actor: Actor, id: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const engagement = await this.access.writable(em, actor, id);
      if ((await em.count(EngagementCharge, { engagementId: id })) > 0) throw new DomainError(E.IN_USE, {}, 'id');
      em.remove(engagement);
    });
  }
}
