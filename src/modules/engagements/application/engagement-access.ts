import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { CommonErrors } from '../../../shared/domain/common.errors';
import { DomainError } from '../../../shared/domain/domain-error';
import { GrantLevel } from '../../habilitations/contracts/applications';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { Engagement } from '../domain/engagement.entity';
import { EngagementsErrors as E } from '../domain/engagements.errors';
import { EngagementReach } from '../infrastructure/engagement-search';

export type EngagementSide = 'ISSUER' | 'SUPPLIER';

/**
 * Who may see an engagement: members holding Engagements on the issuing structure (a member attached to
 * one service: that service's engagements only) and on the supplier's structure (named by id, or by its
 * SIRET). Only the issuer side changes it (Engagements – modification). Anyone else gets 404, so an
 * engagement's existence is never disclosed.
 */
@Injectable()
export class EngagementAccess {
  constructor(
    private readonly authorization: Authorization,
    private readonly catalog: StructureCatalog,
  ) {}

  async sidesOf(actor: Actor, engagement: Engagement, level: GrantLevel): Promise<EngagementSide[]> {
    const sides: EngagementSide[] = [];
    if (await this.authorization.allows(actor, engagement.structureId, 'ENGAGEMENTS', level, engagement.serviceId)) sides.push('ISSUER');
    // Kept by SIRET: only the structure registered with that SIRET, never one whose free identifier
    // (HORS_UE, AUTRE…, typed by anyone) spells the same characters.
    const supplierId = engagement.supplierStructureId ?? (engagement.supplierIdentifier ? (await this.catalog.findByIdentifier(engagement.supplierIdentifier, 'SIRET'))?.id : undefined);
    if (supplierId && (await this.authorization.allows(actor, supplierId, 'ENGAGEMENTS', level))) sides.push('SUPPLIER');
    return sides;
  }

  async readable(em: EntityManager, actor: Actor, id: string): Promise<{ engagement: Engagement; sides: EngagementSide[] }> {
    const engagement = await em.findOne(Engagement, { id });
    if (!engagement) throw new DomainError(E.ENGAGEMENT_NOT_FOUND, {}, 'id');
    const sides = await this.sidesOf(actor, engagement, 'CONSULTATION');
    if (sides.length === 0) throw new DomainError(E.ENGAGEMENT_NOT_FOUND, {}, 'id');
    return { engagement, sides };
  }

  /** For the issuer's changes, inside the caller's transaction: the row is locked against concurrent charges. */
  async writable(em: EntityManager, actor: Actor, id: string): Promise<Engagement> {
    const engagement = await em.findOne(Engagement, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!engagement) throw new DomainError(E.ENGAGEMENT_NOT_FOUND, {}, 'id');
    if ((await this.sidesOf(actor, engagement, 'CONSULTATION')).length === 0) throw new DomainError(E.ENGAGEMENT_NOT_FOUND, {}, 'id');
    if (!(await this.authorization.allows(actor, engagement.structureId, 'ENGAGEMENTS', 'MODIFICATION', engagement.serviceId))) {
      throw new DomainError(CommonErrors.FORBIDDEN);
    }
    return engagement;
  }

  /** Everything the actor may read, for searches. */
  async reach(actor: Actor): Promise<EngagementReach> {
    const scopes = await this.authorization.scopesAllowed(actor, 'ENGAGEMENTS', 'CONSULTATION');
    const wholeStructures = [...new Set(scopes.map((s) => s.structureId))];
    const structures = await this.catalog.findByIds(wholeStructures);
    return {
      issuer: scopes,
      supplierStructureIds: wholeStructures,
      // Engagements kept by SIRET match structures registered with that SIRET only (see `sidesOf`).
      supplierIdentifiers: structures.filter((s) => s.identifierType === 'SIRET').map((s) => s.identifier),
    };
  }
}
