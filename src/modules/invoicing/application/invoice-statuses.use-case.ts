import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { rawRows } from '../../../shared/persistence/raw';
import { Authorization } from '../../habilitations/contracts/authorization';
import { InvoiceLifecycle } from '../../lifecycle/contracts/lifecycle';
import { InvoicingErrors } from '../domain/invoicing.errors';
import { InvoiceSide, sideInScopes } from './invoice-access';

/** Invoices one status query may name, ids and numbers together (docs/api-guide.md, "Bulk status"). */
export const STATUS_QUERY_MAX = 100;
/** Invoices one answer lists at most: a number may name several invoices (one per supplier and year). */
export const STATUS_QUERY_MAX_ROWS = 1000;

export interface InvoiceStatusView {
  id: string;
  publicId: number;
  number: string | null;
  side: InvoiceSide;
  status: string;
  reformCode: number | null;
  statusChangedAt: string;
  supplierStructureId: string;
  recipientStructureId: string | null;
}

export interface InvoiceStatusesView {
  items: InvoiceStatusView[];
  /** What was asked and matched no invoice the caller may read: unknown and not visible look alike. */
  notFound: { ids: string[]; numbers: string[] };
  /** More than STATUS_QUERY_MAX_ROWS invoices matched: ask again with fewer numbers. */
  truncated: boolean;
}

interface StatusRow {
  id: string;
  public_id: string | number;
  number: string | null;
  supplier_structure_id: string;
  supplier_service_id: string | null;
  recipient_structure_id: string | null;
  recipient_service_id: string | null;
  issuer_structure_id: string | null;
  mandate_id: string | null;
  submitted_at: string | null;
  status: string;
  supplier_status: string;
  status_changed_at: string;
}

/**
 * The current status of up to STATUS_QUERY_MAX invoices by id or number, as the caller's side sees each
 * (issue 20: a connector without webhooks makes one request instead of N). One statement whatever the
 * count: the caller's scopes come from the membership cache (or the technical account's rights read at
 * authentication), the invoices from the read model on `invoice`, restricted in SQL to the structures the
 * caller may read and judged per invoice by `sideInScopes`, the rule of a single read.
 */
@Injectable()
export class GetInvoiceStatuses {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly lifecycle: InvoiceLifecycle,
  ) {}

  async execute(actor: Actor, query: { ids?: string[]; numbers?: string[] }): Promise<InvoiceStatusesView> {
    const askedIds = query.ids ?? [];
    const askedNumbers = query.numbers ?? [];
    if (askedIds.length + askedNumbers.length > STATUS_QUERY_MAX) {
      throw new DomainError(InvoicingErrors.STATUS_QUERY_TOO_LARGE, { max: STATUS_QUERY_MAX }, askedIds.length > STATUS_QUERY_MAX ? 'ids' : 'numbers');
    }
    const ids = [...new Set(askedIds.map((id) => id.toLowerCase()))];
    const numbers = [...new Set(askedNumbers.map((n) => n.trim()))];
    // One after the other: the second is a cache hit once the first has read the memberships.
    const supplier = await this.authorization.scopesAllowed(actor, 'FACTURES_EMISES', 'CONSULTATION');
    const recipient = await this.authorization.scopesAllowed(actor, 'FACTURES_RECUES', 'CONSULTATION');
    const rows =
      (ids.length > 0 || numbers.length > 0) && (supplier.length > 0 || recipient.length > 0)
        ? await rawRows<StatusRow>(
            this.em,
            `select id, public_id, number, supplier_structure_id, supplier_service_id, recipient_structure_id, recipient_service_id,
                    issuer_structure_id, mandate_id, submitted_at, status, supplier_status, status_changed_at
               from invoice
              where (id = any(?::uuid[]) or number = any(?::text[]))
                and (supplier_structure_id = any(?::uuid[]) or (submitted_at is not null and recipient_structure_id = any(?::uuid[]))
                     or issuer_structure_id = any(?::uuid[]))
              order by created_at, id
              limit ${STATUS_QUERY_MAX_ROWS + 1}`,
            [ids, numbers, supplier.map((s) => s.structureId), recipient.map((s) => s.structureId), supplier.map((s) => s.structureId)],
          )
        : [];
    const items: InvoiceStatusView[] = [];
    for (const r of rows.slice(0, STATUS_QUERY_MAX_ROWS)) {
      const side = sideInScopes(
        {
          submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at),
          status: r.status,
          supplierStructureId: r.supplier_structure_id,
          supplierServiceId: r.supplier_service_id,
          recipientStructureId: r.recipient_structure_id,
          recipientServiceId: r.recipient_service_id,
          issuerStructureId: r.issuer_structure_id,
          mandateId: r.mandate_id,
        },
        { supplier, recipient },
      );
      if (!side) continue;
      const status = side === 'SUPPLIER' ? r.supplier_status : r.status;
      items.push({
        id: r.id,
        publicId: Number(r.public_id),
        number: r.number,
        side,
        status,
        reformCode: this.lifecycle.reformCodeOf(status),
        statusChangedAt: new Date(r.status_changed_at).toISOString(),
        supplierStructureId: r.supplier_structure_id,
        recipientStructureId: r.recipient_structure_id,
      });
    }
    const foundIds = new Set(items.map((i) => i.id));
    const foundNumbers = new Set(items.map((i) => i.number));
    return {
      items,
      notFound: { ids: ids.filter((id) => !foundIds.has(id)), numbers: numbers.filter((n) => !foundNumbers.has(n)) },
      truncated: rows.length > STATUS_QUERY_MAX_ROWS,
    };
  }
}
