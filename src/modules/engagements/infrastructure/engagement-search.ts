import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rawRows } from '../../../shared/persistence/raw';
import { EngagementCriteria, EngagementListing } from '../contracts/engagements';
import { amountText, remainingOf } from '../domain/engagement-rules';

/** Where a reader sees engagements: as issuer (structure, or one of its services) and as supplier. */
export interface EngagementReach {
  issuer: { structureId: string; serviceId: string | null }[];
  supplierStructureIds: string[];
  supplierIdentifiers: string[];
}

interface Row {
  id: string;
  public_id: string;
  number: string;
  type: string;
  status: string;
  structure_id: string;
  service_code: string | null;
  supplier_structure_id: string | null;
  supplier_identifier: string | null;
  notification_date: string;
  created_at: Date;
  amount: string;
  amount_excl_tax: string | null;
  consumed: string;
  currency: string;
  contract_number: string | null;
  total: string;
}

const SORTS: Record<NonNullable<EngagementCriteria['sort']>, string> = {
  notificationDate: 'notification_date',
  createdAt: 'created_at',
  number: 'number',
  amount: 'amount',
};

/** Engagement searches in one statement (rows and total), scoped by what the reader may see. */
@Injectable()
export class EngagementSearch {
  constructor(private readonly em: EntityManager) {}

  async search(reach: EngagementReach, c: EngagementCriteria): Promise<{ items: EngagementListing[]; total: number }> {
    const values: unknown[] = [];
    const scope: string[] = [];
    if (c.side !== 'received') {
      for (const s of reach.issuer) {
        if (s.serviceId === null) {
          scope.push('structure_id = ?');
          values.push(s.structureId);
        } else {
          scope.push('(structure_id = ? and service_id = ?)');
          values.push(s.structureId, s.serviceId);
        }
      }
    }
    if (c.side !== 'issued') {
      // By SIRET only while no structure is named (as the ledger and `EngagementAccess.sidesOf` match them).
      scope.push('supplier_structure_id = any(?::uuid[])', '(supplier_structure_id is null and supplier_identifier = any(?::text[]))');
      values.push(reach.supplierStructureIds, reach.supplierIdentifiers);
    }
    if (scope.length === 0) return { items: [], total: 0 };
    const where = [`(${scope.join(' or ')})`];
    const add = (sql: string, value: unknown): void => {
      if (value === undefined || value === null || value === '') return;
      where.push(sql);
      values.push(value);
    };
    add('number = ?', c.number);
    add('contract_number = ?', c.contractNumber);
    add('structure_id = ?::uuid', c.structureId);
    add('supplier_structure_id = ?::uuid', c.supplierStructureId);
    add('supplier_identifier = ?', c.supplierIdentifier);
    add('status = ?', c.status);
    add('notification_date >= ?::date', c.notifiedFrom);
    add('notification_date <= ?::date', c.notifiedTo);
    add('amount >= ?::numeric', c.amountMin);
    add('amount <= ?::numeric', c.amountMax);
    const order = `${SORTS[c.sort ?? 'createdAt']} ${c.direction === 'asc' ? 'asc' : 'desc'}, id`;
    const rows = await rawRows<Row>(
      this.em,
      `select id, public_id, number, type, status, structure_id, service_code, supplier_structure_id, supplier_identifier,
              to_char(notification_date, 'YYYY-MM-DD') as notification_date, created_at, amount::text, amount_excl_tax::text,
              consumed::text, currency, contract_number, count(*) over () as total
         from engagement where ${where.join(' and ')} order by ${order} limit ? offset ?`,
      [...values, c.pageSize, (c.page - 1) * c.pageSize],
      { prepared: false },
    );
    return { items: rows.map(listing), total: rows.length > 0 ? Number(rows[0]!.total) : await this.countOnly(where, values) };
  }

  /** A page past the end has no row to carry the total. */
  private async countOnly(where: string[], values: unknown[]): Promise<number> {
    const [row] = await rawRows<{ n: string }>(this.em, `select count(*) as n from engagement where ${where.join(' and ')}`, values, { prepared: false });
    return Number(row?.n ?? 0);
  }
}

export const listing = (r: Omit<Row, 'total'>): EngagementListing => ({
  id: r.id,
  publicId: Number(r.public_id),
  number: r.number,
  type: r.type,
  status: r.status,
  structureId: r.structure_id,
  serviceCode: r.service_code,
  serviceLabel: null,
  supplierStructureId: r.supplier_structure_id,
  supplierIdentifier: r.supplier_identifier,
  notificationDate: r.notification_date,
  createdAt: new Date(r.created_at),
  amount: amountText(r.amount),
  amountExclTax: r.amount_excl_tax === null ? null : amountText(r.amount_excl_tax),
  consumed: amountText(r.consumed),
  remaining: remainingOf(r.amount, r.consumed),
  currency: r.currency,
  contractNumber: r.contract_number,
});
