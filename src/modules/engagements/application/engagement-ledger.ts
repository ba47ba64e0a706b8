import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { uuidv7 } from '../../../shared/domain/ids';
import { rawRows } from '../../../shared/persistence/raw';
import { emOf, Tx } from '../../../shared/persistence/tx';
import { Clock } from '../../../shared/time/clock';
import { StructureCatalog } from '../../organisation/contracts/structures';
import { EngagementLedger, InvoiceCharge } from '../contracts/engagements';
import { amountText, chargeRefusal, ChargeFacts } from '../domain/engagement-rules';
import { EngagementsErrors as E } from '../domain/engagements.errors';

export type ReleaseReason = 'REJETEE' | 'REFUSEE_1' | 'RECYCLED';

interface EngagementRow extends ChargeFacts {
  id: string;
}

/**
 * The one place where invoices consume engagements (docs/engagements.md, "What an invoice consumes").
 * Consumption moves by conditional updates of the engagement's row in the caller's transaction: the
 * update of a charge re-checks `consumed + amount <= amount` on the row's latest version (PostgreSQL
 * re-evaluates the condition after waiting for a concurrent writer), so of two invoices racing for the
 * last part of an engagement, the second sees what the first left; a check constraint backs it.
 */
@Injectable()
export class MikroEngagementLedger extends EngagementLedger {
  constructor(
    private readonly catalog: StructureCatalog,
    private readonly clock: Clock,
  ) {
    super();
  }

  async charge(tx: Tx, invoice: InvoiceCharge): Promise<void> {
    const em = emOf(tx);
    const now = this.clock.now();
    await this.release(em, invoice.invoiceId, 'RECYCLED', now);
    const number = invoice.engagementNumber?.trim();
    if (!invoice.checked || !number || invoice.invoiceType === 'AVOIR') return;
    const supplier = await this.catalog.findById(invoice.supplierStructureId);
    const [engagement] = await rawRows<EngagementRow>(
      em,
      `select id, number, status, currency, amount::text, consumed::text from engagement
        where structure_id = ? and number = ? and (supplier_structure_id = ? or (supplier_structure_id is null and supplier_identifier = ?))`,
      // An engagement kept by SIRET is the SIRET-registered supplier's, not a free identifier's spelling it.
      [invoice.recipientStructureId, number, invoice.supplierStructureId, supplier?.identifierType === 'SIRET' ? supplier.identifier : null],
    );
    if (!engagement) throw new DomainError(E.UNKNOWN_FOR_SUPPLIER, { number }, 'engagementNumber');
    const amount = amountText(invoice.amountInclTax);
    const charged = await rawRows<{ id: string }>(
      em,
      `update engagement set consumed = consumed + ?::numeric, updated_at = ?
        where id = ? and status = 'ACTIVE' and currency = ? and consumed + ?::numeric <= amount returning id`,
      [amount, now, engagement.id, invoice.currency, amount],
    );
    if (charged.length === 0) {
      // Refused: read what made it so (the latest committed state, which the update waited for).
      const [latest] = await rawRows<EngagementRow>(em, 'select id, number, status, currency, amount::text, consumed::text from engagement where id = ?', [engagement.id]);
      const refusal = chargeRefusal(latest ?? engagement, amount, invoice.currency);
      throw new DomainError(refusal?.error ?? E.EXCEEDED, refusal?.params ?? { number, amount, remaining: '0.00' }, 'engagementNumber');
    }
    await rawRows(
      em,
      `insert into engagement_charge (id, engagement_id, invoice_id, invoice_number, amount, charged_at) values (?, ?, ?, ?, ?::numeric, ?)`,
      [uuidv7(), engagement.id, invoice.invoiceId, invoice.invoiceNumber, amount, now],
    );
  }

  /** The invoice stops counting: its charge is kept as history and its amount given back, in one statement. */
  async release(em: EntityManager, invoiceId: string, reason: ReleaseReason, now: Date = this.clock.now()): Promise<void> {
    await rawRows(
      em,
      `with released as (
         update engagement_charge set released_at = ?, release_reason = ? where invoice_id = ? and released_at is null returning engagement_id, amount)
       update engagement e set consumed = e.consumed - r.amount, updated_at = ? from released r where e.id = r.engagement_id`,
      [now, reason, invoiceId, now],
    );
  }
}
