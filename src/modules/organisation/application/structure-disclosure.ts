import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { Authorization } from '../../habilitations/contracts/authorization';
import { StructureDisclosure, StructureSummary } from '../contracts/structures';
import { isConfidential, publicViewOf } from '../domain/structure-disclosure';

/**
 * A structure's details as this caller may see them (domain/structure-disclosure.ts). Insiders of a
 * confidential structure are those who may consult it on the portal (`GET /api/v1/structures/{id}`:
 * ORGANISATION consultation, administrators' support path included) and the technical accounts of that
 * structure, whatever their grants: an ERP may read its own structure's details. Nothing is asked of
 * the authorization rule for a structure with nothing to hide.
 */
@Injectable()
export class StructureDisclosurePolicy extends StructureDisclosure {
  constructor(private readonly authorization: Authorization) {
    super();
  }

  async viewFor(actor: Actor, structure: StructureSummary): Promise<StructureSummary> {
    if (!isConfidential(structure) || (await this.isInsider(actor, structure.id))) return structure;
    return publicViewOf(structure);
  }

  private async isInsider(actor: Actor, structureId: string): Promise<boolean> {
    if (actor.kind === 'technical-account') return actor.structureId === structureId;
    return this.authorization.allows(actor, structureId, 'ORGANISATION', 'CONSULTATION');
  }
}
