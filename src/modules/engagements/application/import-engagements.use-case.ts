import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { parseCsv } from '../../../shared/http/csv';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { EngagementFields, RuleIssue } from '../domain/engagement-rules';
import { EngagementsErrors as E } from '../domain/engagements.errors';
import { EngagementDrafting } from './engagements.use-cases';

/** The import's columns (docs/engagements.md, "Import a file"): header name → field. */
export const IMPORT_COLUMNS: Readonly<Record<string, keyof EngagementFields>> = {
  numero: 'number',
  type: 'type',
  date_notification: 'notificationDate',
  montant_ttc: 'amount',
  montant_ht: 'amountExclTax',
  devise: 'currency',
  siret_fournisseur: 'supplierIdentifier',
  code_service: 'serviceCode',
  numero_marche: 'contractNumber',
  libelle: 'label',
};
export const REQUIRED_COLUMNS = ['numero', 'date_notification', 'montant_ttc', 'siret_fournisseur'];
export const MAX_IMPORT_LINES = 5000;

export interface ImportLineIssue {
  field: string;
  code: string;
  message: { fr: string; en: string };
}

export interface ImportLineReport {
  /** The line of the file (the header is line 1). */
  line: number;
  number: string | null;
  status: 'CREATED' | 'REFUSED';
  engagementId: string | null;
  errors: ImportLineIssue[];
}

export interface ImportReport {
  created: number;
  refused: number;
  lines: ImportLineReport[];
}

const issueOf = (issue: RuleIssue | DomainError): ImportLineIssue => {
  const error = issue instanceof DomainError ? issue : new DomainError(issue.error, issue.params ?? {}, issue.field);
  return { field: error.field ?? 'line', code: error.code, message: { fr: error.localized('fr'), en: error.localized('en') } };
};

/**
 * A CSV file of engagements for one issuing structure: each line is created in its own transaction or
 * refused with every reason found, so a bad line never leaves half an engagement and never stops the
 * good ones. The report names each line's fate.
 */
@Injectable()
export class ImportEngagements {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly authorization: Authorization,
    private readonly drafting: EngagementDrafting,
  ) {}

  async execute(actor: Actor, structureId: string, content: string): Promise<ImportReport> {
    await this.authorization.require(actor, structureId, 'ENGAGEMENTS', 'MODIFICATION');
    await this.drafting.issuer(structureId);
    const [header = [], ...rows] = parseCsv(content);
    const names = header.map((h) => h.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new DomainError(E.IMPORT_HEADER_INVALID, { columns: REQUIRED_COLUMNS.join(', '), missing: missing.join(', ') }, 'file');
    }
    if (rows.length > MAX_IMPORT_LINES) throw new DomainError(E.IMPORT_TOO_LARGE, { max: MAX_IMPORT_LINES }, 'file');
    const lines: ImportLineReport[] = [];
    for (const [index, cells] of rows.entries()) {
      if (cells.every((c) => c.trim() === '')) continue;
      const fields: EngagementFields = {};
      names.forEach((name, i) => {
        const field = IMPORT_COLUMNS[name];
        if (field) fields[field] = cells[i] ?? null;
      });
      lines.push(await this.line(actor, structureId, index + 2, fields));
    }
    const created = lines.filter((l) => l.status === 'CREATED').length;
    return { created, refused: lines.length - created, lines };
  }

  private async line(actor: Actor, structureId: string, line: number, fields: EngagementFields): Promise<ImportLineReport> {
    const number = typeof fields.number === 'string' && fields.number.trim() ? fields.number.trim() : null;
    const refused = (errors: ImportLineIssue[]): ImportLineReport => ({ line, number, status: 'REFUSED', engagementId: null, errors });
    const { value, issues } = await this.drafting.resolve(structureId, fields);
    if (!value) return refused(issues.map(issueOf));
    try {
      // A line of no service is structure-level data: refused to a member attached to one service.
      await this.authorization.require(actor, structureId, 'ENGAGEMENTS', 'MODIFICATION', value.service?.id ?? null);
      const engagement = await this.em.transactional((em) => this.drafting.insert(em, actor, structureId, value, this.clock.now()));
      return { line, number, status: 'CREATED', engagementId: engagement.id, errors: [] };
    } catch (error) {
      if (error instanceof DomainError) return refused([issueOf(error)]);
      throw error;
    }
  }
}
