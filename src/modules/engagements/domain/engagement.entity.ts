import { BigIntType, Check, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../shared/domain/ids';
import { EngagementStatus, EngagementType } from './engagement-rules';

/**
 * A legal commitment (« engagement juridique ») of a public structure to a supplier: the number its
 * invoices must carry, and the amount (incl. VAT) they may consume together. `consumed` is what counting
 * invoices consume now; it moves only by conditional updates (engagement-ledger.ts) and a check keeps it
 * within the amount, so no interleaving of submissions can overspend.
 */
@Entity({ tableName: 'engagement' })
@Unique({ name: 'engagement_number_unique', properties: ['structureId', 'number'] })
@Index({ name: 'engagement_supplier_idx', properties: ['supplierStructureId'] })
@Index({ name: 'engagement_supplier_identifier_idx', properties: ['supplierIdentifier'] })
// The database's last word on overspending, whatever writes the row.
@Check({ name: 'engagement_consumed_within_amount', expression: 'consumed >= 0 and consumed <= amount' })
export class Engagement {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** idEngagementJuridique of the API mode, assigned by the database. */
  @Property({ type: new BigIntType('number'), autoincrement: true, unique: 'engagement_public_id_unique' })
  publicId!: number;

  /** The public structure that issued it (« émetteur »), where invoices carrying it are sent. */
  @Property({ type: 'uuid' })
  structureId: string;

  @Property({ type: 'uuid', nullable: true })
  serviceId: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  serviceCode: string | null = null;

  @Property({ type: 'string', length: 50 })
  number: string;

  @Property({ type: 'string', length: 30 })
  type: EngagementType = 'BON_DE_COMMANDE';

  /** dateNotificationEJ: when the commitment was notified to the supplier (YYYY-MM-DD). */
  @Property({ type: 'date', columnType: 'date' })
  notificationDate: string;

  /** Amount including VAT: what invoices consume (montantTotalTtc). */
  @Property({ type: 'decimal', precision: 15, scale: 2 })
  amount: string;

  @Property({ type: 'decimal', precision: 15, scale: 2, nullable: true })
  amountExclTax: string | null = null;

  @Property({ type: 'string', length: 3 })
  currency = 'EUR';

  /** The supplier (« destinataire de l'engagement ») by structure, when it is on the platform… */
  @Property({ type: 'uuid', nullable: true })
  supplierStructureId: string | null = null;

  /** …and/or by SIRET, which matches a supplier structure registered later. */
  @Property({ type: 'string', length: 20, nullable: true })
  supplierIdentifier: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  contractNumber: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  label: string | null = null;

  @Property({ type: 'string', length: 10 })
  status: EngagementStatus = 'ACTIVE';

  @Property({ type: 'decimal', precision: 15, scale: 2, defaultRaw: '0' })
  consumed = '0.00';

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  constructor(init: Pick<Engagement, 'structureId' | 'number' | 'notificationDate' | 'amount' | 'createdAt'>) {
    this.structureId = init.structureId;
    this.number = init.number;
    this.notificationDate = init.notificationDate;
    this.amount = init.amount;
    this.createdAt = init.createdAt;
    this.updatedAt = init.createdAt;
  }
}
